extension AppState {
    /// The device shell lines go to (and the Shell pane names): the selected device.
    ///
    /// Opening another device keeps the previous one's details on screen until the new ones
    /// load; a line typed meanwhile goes to the device being opened, never to the one it
    /// replaces. The shown details win otherwise (a list refresh may briefly leave the
    /// selection index on another row while the opened device stays the same).
    public var shellDevice: DeviceRow? {
        let selected = devices.selectedRow
        if let selected, details.loadingID == selected.id, details.detail?.row.id != selected.id { return selected }
        return details.detail?.row ?? selected
    }
}

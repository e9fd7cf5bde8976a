/// Everything that can happen to the console: input, time, and answers from the runner.
public enum Action: Sendable, Equatable {
    /// First action after launch; asks for the first page and the alarms.
    case start
    /// A key press.
    case key(Key)
    /// The terminal changed size.
    case resize(TerminalSize)
    /// Time passed (spinners, timeouts, flash expiry).
    case tick
    /// A page of devices answered a query.
    case devicesLoaded(DevicePage)
    /// The exact number of devices matching a filter (answers `Effect.countDevices`).
    case devicesCounted(DeviceCountQuery, matching: Int)
    /// Where device `id` is in the list of `query` (`nil`: it no longer matches).
    case deviceLocated(id: String, in: DeviceQuery, index: Int?)
    /// A device's details arrived.
    case deviceLoaded(DeviceDetail)
    /// A device changed (engine event).
    case deviceUpdated(DeviceRow)
    /// Something happened to a device (engine event): shown live in its Events tab when open.
    case deviceEvent(deviceID: String, EventRow)
    /// An operation of a device changed (engine event): its Ops row, live when the device is open.
    case operationChanged(deviceID: String, OperationRow)
    /// New last known values of a device (a notification or a read), for its Objects tab.
    case objectValues(deviceID: String, [ObjectValue])
    /// The active alarms.
    case alarmsLoaded([AlarmRow])
    /// An alarm was raised or changed (engine event).
    case alarmRaised(AlarmRow)
    /// An alarm was cleared.
    case alarmRemoved(id: String)
    /// Engine status changed.
    case engineStatus(EngineStatus)
    /// A shell request moved on.
    case shellUpdate(requestID: Int, ShellUpdate)
    /// A bootstrap save finished (`error` nil on success) with the stored fields.
    case bootstrapSaved(deviceID: String, fields: [BootstrapField], error: String?)
    /// The bootstrap plan preview for the form's fields.
    case bootstrapPlan(deviceID: String, lines: [String])
    /// A dry run finished.
    case importChecked(path: String, ImportSummary)
    /// Import progress.
    case importProgress(ImportProgress)
    /// Import finished.
    case importFinished(ImportOutcome)
    /// Import (or its dry run) could not run.
    case importFailed(String)
    /// A theme was applied by the backend.
    case themeApplied(name: String)
    /// Completion candidates for `text` in `context` (full replacements of `text`).
    case completions(CompletionContext, text: String, candidates: [String])
    /// A runner operation failed; shown as an error flash.
    case failed(String)
    /// A runner operation succeeded; shown as a flash.
    case notice(String)
}

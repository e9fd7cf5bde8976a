/// Where each pane goes for a terminal size; shared by render and reduce (table page size).
public struct Layout: Sendable, Equatable {
    /// Header line.
    public var header: Rect
    /// Devices pane.
    public var devices: Rect
    /// Details pane.
    public var details: Rect
    /// Shell pane.
    public var shell: Rect
    /// Alarms pane.
    public var alarms: Rect
    /// Bottom line: key hints, input line, flash.
    public var footer: Rect

    /// Computes the layout for `size` (assumed to be at least 80×24).
    public init(size: TerminalSize) {
        let width = size.columns
        let body = max(0, size.rows - 2)
        let topHeight = (body * 3 + 4) / 5
        let devicesWidth = max(36, width * 45 / 100)
        let shellWidth = width * 62 / 100
        header = Rect(x: 0, y: 0, width: width, height: 1)
        devices = Rect(x: 0, y: 1, width: devicesWidth, height: topHeight)
        details = Rect(x: devicesWidth, y: 1, width: width - devicesWidth, height: topHeight)
        shell = Rect(x: 0, y: 1 + topHeight, width: shellWidth, height: body - topHeight)
        alarms = Rect(x: shellWidth, y: 1 + topHeight, width: width - shellWidth, height: body - topHeight)
        footer = Rect(x: 0, y: size.rows - 1, width: width, height: 1)
    }

    /// Device rows visible in the table (inside the border, below the column header).
    public var tableRows: Int { max(1, devices.height - 3) }
}

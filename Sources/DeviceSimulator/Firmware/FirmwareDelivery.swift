/// Which delivery methods a simulated device reports in /5/0/9.
public enum FirmwareDelivery: Int64, Sendable, CaseIterable {
    /// PULL only: the server writes a Package URI (/5/0/1).
    case pull = 0
    /// PUSH only: the server writes the Package (/5/0/0).
    case push = 1
    /// Both.
    case both = 2
}

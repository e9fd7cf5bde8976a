/// A role's attributes as written (colours still as text; nil means "inherit").
public struct RoleSpec: Sendable, Equatable {
    /// `fg`
    public var foreground: String?
    /// `bg`
    public var background: String?
    /// `bold`
    public var bold: Bool?
    /// `underline`
    public var underline: Bool?
    /// `reverse`
    public var reverse: Bool?

    /// Overlays `self` (the child) on `parent`.
    func over(_ parent: RoleSpec) -> RoleSpec {
        RoleSpec(
            foreground: foreground ?? parent.foreground, background: background ?? parent.background,
            bold: bold ?? parent.bold, underline: underline ?? parent.underline, reverse: reverse ?? parent.reverse
        )
    }
}

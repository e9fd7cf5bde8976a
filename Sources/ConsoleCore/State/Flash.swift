public import Foundation

/// A short message in the bottom line that disappears by itself.
public struct Flash: Sendable, Equatable {
    /// The text.
    public var text: String
    /// Errors are drawn in the error role.
    public var isError: Bool
    /// When it disappears.
    public var expires: Date

    /// Creates a flash message.
    public init(text: String, isError: Bool, expires: Date) {
        self.text = text
        self.isError = isError
        self.expires = expires
    }
}

import Foundation

/// A registration as kept on disk between runs (`engine-registrations.json` in the data
/// directory), so devices stay registered across an engine restart.
struct PersistedRegistration: Codable, Sendable, Equatable {
    var id: String
    var endpoint: String
    var tenant: String
    var deviceID: String
    var host: String
    var port: Int
    var secure: Bool
    var pskIdentity: String?
    var lifetime: Int
    var version: String
    var binding: String
    var queueMode: Bool
    var announcedAwakeTime: Int?
    var objectLinks: String
    var lastContact: Date
}

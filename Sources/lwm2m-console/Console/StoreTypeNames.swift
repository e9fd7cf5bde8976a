import DeviceStore
import LwM2MEngine

// The modules `DeviceStore` and `LwM2MEngine` each contain a type of the module's own name, so
// `DeviceStore.DeviceQuery` cannot name the module's type; this file sees neither ConsoleCore
// nor the console's types and gives the clashing names unambiguous aliases.

/// The store's device listing query.
typealias StoreDeviceQuery = DeviceQuery
/// The store's external ID record.
typealias StoreExternalID = ExternalID
/// The engine's status record.
typealias EngineStatusRecord = EngineStatus

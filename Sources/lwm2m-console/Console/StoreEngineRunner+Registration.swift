import ConsoleCore
import LwM2M
import LwM2MEngine

/// The registration-backed parts of the console (Info fields, Objects tree, shell path
/// completion) and the key reload after an inventory change, through `EngineControl` only, so an
/// attached console (a `serve` daemon behind the control socket) behaves like an embedded one.
extension StoreEngineRunner {
    /// The engine to ask without waiting: the embedded one once it has started (nil while it
    /// starts, so the details pane is not held up by the PSK load), or the daemon.
    var engineWithoutWaiting: (any EngineControl)? {
        guard let embedded else { return engine }
        return embedded.started
    }

    /// The device's live registration; nil when it is not registered, while the embedded engine
    /// starts, or when the daemon cannot be asked (the pane then shows the store's part only).
    func liveRegistration(_ device: DeviceRef) async -> RegistrationInfo? {
        try? await engineWithoutWaiting?.registration(device)
    }

    /// The device's registered paths for shell completion (waits for an embedded engine's start).
    func registeredPaths(_ device: DeviceRef) async -> [LwM2MPath] {
        guard let registration = try? await engine.registration(device) else { return [] }
        return StoreRows.paths(links: registration.objectLinks)
    }

    /// Asks the engine (embedded or daemon) to re-read its PSK keys after the store changed;
    /// returns why that failed, nil when it worked.
    func reloadEngineKeys() async -> String? {
        do {
            try await engine.reloadKeys()
            return nil
        } catch {
            return error.message
        }
    }
}

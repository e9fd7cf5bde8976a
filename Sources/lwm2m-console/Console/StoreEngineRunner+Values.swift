import ConsoleCore
import DeviceStore
import Foundation
import LwM2MEngine

extension StoreEngineRunner {
    /// A device's last known values for the Objects tab: from the embedded engine (current to
    /// the last notification), else from the store a `serve` daemon writes behind.
    func objectValues(_ device: DeviceRef) async -> [ObjectValue] {
        if let engine = embedded?.started {
            return StoreRows.objectValues(await engine.lastValueRecords(device))
        }
        return StoreRows.objectValues((try? store.lastValues(tenant: device.tenant, deviceID: device.id)) ?? [])
    }

    /// True for the device whose details the console shows (the last one loaded).
    func isOpen(_ device: DeviceRef) -> Bool {
        state.withLock { $0.tenant == device.tenant && $0.openDevice == device.id }
    }

    /// A notification or a finished operation (a read) for the open device: its values again,
    /// posted to the Objects tab. Other devices' events cost nothing here (a storm must not load
    /// every device).
    func refreshValues(of device: DeviceRef, post: @escaping @Sendable (Action) -> Void) {
        guard isOpen(device) else { return }
        let attached = isAttached
        Task.detached {
            // Attached to a daemon, the value reaches the store with its next write-behind flush.
            if attached { try? await Task.sleep(for: .milliseconds(300)) }
            post(.objectValues(deviceID: device.id, await self.objectValues(device)))
        }
    }
}

import DeviceStore

/// Everything a user can see in a store, through the public API, to compare before and after.
struct StoreSnapshot: Equatable {
    let tenants: [String]
    let devices: [DeviceDetails]
    let alarms: [Alarm]

    init(_ store: DeviceStore) throws {
        tenants = try store.tenants()
        var details: [DeviceDetails] = []
        var offset = 0
        while true {
            let page = try store.devices(DeviceQuery(limit: 500, offset: offset))
            if page.isEmpty { break }
            for device in page {
                if let found = try store.deviceDetails(tenant: device.tenant, id: device.id) { details.append(found) }
            }
            offset += page.count
        }
        devices = details
        alarms = try store.alarms(statuses: Set(AlarmStatus.allCases))
    }
}

import ConsoleCore
import DeviceStore
import Foundation
import LwM2M
import LwM2MEngine
import Synchronization

/// The console's real backend: every `Effect` answered from the `DeviceStore` and the engine
/// (embedded `LwM2MEngine` or a `serve` daemon through `ControlClient`), off the UI thread.
final class StoreEngineRunner: EffectRunner {
    /// Mutable state shared by the tasks the runner starts, always under `state`'s lock.
    struct Shared {
        /// The tenant the table shows.
        var tenant: String
        /// The `post` of the running loop, once the event stream is up.
        var eventsStarted = false
        /// Shell request per engine operation.
        var requestByOperation: [OperationID: Int] = [:]
        /// Operation events that arrived before `submit` returned their IDs (newest per ID).
        var early: [OperationID: OperationSnapshot] = [:]
        /// Last status posted per operation (so a repeated snapshot is not posted twice).
        var lastStatus: [OperationID: String] = [:]
        /// The last engine status posted to the header.
        var lastHeader: ConsoleCore.EngineStatus?
        /// The tenant's device count, kept so clearing the filter does not recount 100k rows
        /// (refreshed by the status poll each second, dropped after an import or a delete).
        var total: (tenant: String, count: Int)?
        /// The device whose details are open (its notifications refresh the Objects tab).
        var openDevice: String?
        /// Background tasks to cancel on `stop()`.
        var tasks: [Task<Void, Never>] = []
    }

    let store: DeviceStore
    let engine: any EngineControl
    let embedded: StartingEngine?
    let model: ObjectModel
    let state: Mutex<Shared>

    /// Creates a runner; `embedded` is the same engine as `engine` when it runs in-process.
    init(store: DeviceStore, engine: any EngineControl, embedded: StartingEngine?, tenant: String = DeviceStore.defaultTenant, model: ObjectModel = .builtIn) {
        self.store = store
        self.engine = engine
        self.embedded = embedded
        self.model = model
        state = Mutex(Shared(tenant: tenant))
    }

    var tenant: String { state.withLock { $0.tenant } }
    var isAttached: Bool { embedded == nil }

    /// Stops the event and status tasks.
    func stop() {
        let tasks = state.withLock { shared in
            defer { shared.tasks.removeAll() }
            return shared.tasks
        }
        for task in tasks { task.cancel() }
    }

    func run(_ effect: Effect, post: @escaping @Sendable (Action) -> Void) {
        switch effect {
        case .queryDevices(let query):
            Task.detached { post(self.page(query)) }
        case .loadDevice(let id):
            Task.detached { post(await self.detail(id: id)) }
        case .loadAlarms:
            startEvents(post)
            Task.detached { [store] in
                do {
                    post(.alarmsLoaded(try store.alarms().map(StoreRows.alarm)))
                } catch {
                    post(.failed("Cannot load alarms: \(Self.message(error))"))
                }
            }
        case .saveBootstrap(let id, let fields):
            let tenant = self.tenant
            Task.detached { [store] in post(Self.save(store: store, tenant: tenant, id: id, fields: fields)) }
        case .previewBootstrapPlan(let id, _):
            let device = DeviceRef(tenant: tenant, id: id)
            Task.detached { [engine] in
                do {
                    post(.bootstrapPlan(deviceID: id, lines: try await engine.bootstrapPlan(device)))
                } catch {
                    post(.bootstrapPlan(deviceID: id, lines: ["(no plan: \(Self.message(error)))"]))
                }
            }
        case .submitShell(let requestID, let deviceID, let line, let timeout):
            submit(requestID: requestID, device: DeviceRef(tenant: tenant, id: deviceID), line: line, timeout: timeout, post: post)
        case .acknowledgeAlarm(let id):
            Task.detached { [store] in
                guard let number = Int64(id) else { return post(.failed("Unknown alarm \(id)")) }
                do { post(.alarmRaised(StoreRows.alarm(try store.acknowledgeAlarm(id: number)))) } catch { post(.failed(Self.message(error))) }
            }
        case .clearAlarm(let id):
            Task.detached { [store] in
                guard let number = Int64(id) else { return post(.failed("Unknown alarm \(id)")) }
                do {
                    _ = try store.clearAlarm(id: number)
                    post(.alarmRemoved(id: id))
                } catch { post(.failed(Self.message(error))) }
            }
        case .clearAllAlarms:
            Task.detached { [store] in
                do {
                    for alarm in try store.alarms() { _ = try store.clearAlarm(id: alarm.id) }
                    post(.alarmsLoaded(try store.alarms().map(StoreRows.alarm)))
                } catch { post(.failed(Self.message(error))) }
            }
        case .deleteDevice(let id):
            let tenant = self.tenant
            Task.detached { [store] in
                do {
                    if try store.deleteDevice(tenant: tenant, id: id) {
                        self.forgetTotal()
                        if let failure = await self.reloadEngineKeys() {
                            post(.failed("Device \(id) deleted, but the engine could not reload its keys: \(failure)"))
                        } else {
                            post(.notice("Device \(id) deleted"))
                        }
                    } else {
                        post(.failed("Device \(id) is already gone"))
                    }
                } catch { post(.failed(Self.message(error))) }
            }
        case .startImport(let path, let dryRun):
            let tenant = self.tenant
            Task.detached { await self.runImport(path: path, dryRun: dryRun, tenant: tenant, post: post) }
        case .switchTenant(let name):
            state.withLock { $0.tenant = name }
            Task.detached { [store] in
                let known = (try? store.tenants()) ?? []
                post(known.contains(name) ? .notice("Tenant \(name)") : .failed("Tenant \(name) has no devices (known: \(known.joined(separator: ", ")))"))
            }
        case .complete(let context, let text):
            let tenant = self.tenant
            Task.detached { [model] in
                let candidates: [String]
                switch context {
                case .path:
                    candidates = PathCompletion.candidates(for: text)
                case .shell(let deviceID):
                    let paths = if let deviceID { await self.registeredPaths(DeviceRef(tenant: tenant, id: deviceID)) } else { [LwM2MPath]() }
                    candidates = ShellCompletion.candidates(for: text, model: model, devicePaths: paths).map { candidate in
                        String(text.prefix(candidate.replacementStart)) + candidate.text
                    }
                }
                post(.completions(context, text: text, candidates: candidates))
            }
        case .switchTheme, .quit:
            break
        }
    }

    /// Matches counted at most per filter key: a prefix matching more shows this many (the
    /// exact count of a one-letter prefix walks every row, ~70 ms over 100,000 devices).
    static let countCap = 1_000

    /// One page of the table, using (and refreshing) the kept total for an empty filter.
    func page(_ query: ConsoleCore.DeviceQuery) -> Action {
        let tenant = self.tenant
        let known = state.withLock { $0.total }.flatMap { $0.tenant == tenant ? $0.count : nil }
        let answer = Self.page(store: store, tenant: tenant, query: query, total: known)
        if known == nil, query.filter.trimmingCharacters(in: .whitespaces).isEmpty, case .devicesLoaded(let page) = answer {
            state.withLock { $0.total = (tenant, page.matching) }
        }
        return answer
    }

    /// Drops the kept total (the inventory changed).
    func forgetTotal() {
        state.withLock { $0.total = nil }
    }

    /// One page of the table: store rows for the query (filter as an ID/endpoint/name prefix).
    /// The count is exact without a filter (or `total` when known), capped at `countCap` with one.
    static func page(store: DeviceStore, tenant: String, query: ConsoleCore.DeviceQuery, total: Int? = nil) -> Action {
        let prefix = query.filter.trimmingCharacters(in: .whitespaces)
        let (sort, descending): (StoreDeviceQuery.SortKey, Bool) =
            switch query.sort {
            case .lastSeen: (.updatedAt, true)
            case .endpoint, .security, .state: (.endpoint, false)
            }
        let storeQuery = StoreDeviceQuery(
            tenant: tenant, prefix: prefix.isEmpty ? nil : prefix, sort: sort, descending: descending,
            limit: query.limit, offset: query.offset)
        do {
            let rows = try store.devices(storeQuery).map { StoreRows.row($0) }
            let matching: Int
            if storeQuery.prefix == nil {
                matching = try total ?? store.countDevices(storeQuery)
            } else {
                matching = try store.countDevices(storeQuery, upTo: countCap)
            }
            return .devicesLoaded(DevicePage(query: query, rows: rows, matching: matching))
        } catch {
            return .failed("Cannot list devices: \(message(error))")
        }
    }

    /// A device's details from the store, with the engine's registration and operations.
    func detail(id: String) async -> Action {
        let tenant = self.tenant
        let reference = DeviceRef(tenant: tenant, id: id)
        let details: DeviceDetails
        do {
            guard let found = try store.deviceDetails(tenant: tenant, id: id) else { return .failed("Device \(id) not found in \(tenant)") }
            details = found
        } catch {
            return .failed("Cannot load \(id): \(Self.message(error))")
        }
        var externalIDs = details.externalIDs.map { ConsoleCore.ExternalID(kind: $0.type, value: $0.value) }
        if let psk = details.lwm2mPSK { externalIDs.append(ConsoleCore.ExternalID(kind: StoreExternalID.lwm2mPSKIDType, value: psk.identity)) }
        if let psk = details.bootstrapPSK { externalIDs.append(ConsoleCore.ExternalID(kind: StoreExternalID.bootstrapPSKIDType, value: psk.identity)) }
        let events = ((try? store.events(tenant: tenant, deviceID: id, limit: 50)) ?? []).map { EventRow(time: $0.time, kind: $0.type, text: $0.text) }
        // While the embedded engine is starting the pane shows the store's part at once (no wait).
        let operations = ((try? await engineWithoutWaiting?.operations(reference, limit: 50)) ?? []).map(StoreRows.operation)
        let registration = await liveRegistration(reference)
        state.withLock { $0.openDevice = id }
        let values = await objectValues(reference)
        return .deviceLoaded(DeviceDetail(
            row: StoreRows.row(details.device), lifetime: registration?.lifetime, binding: registration?.binding,
            address: registration?.address, registeredAt: registration?.registeredAt, externalIDs: externalIDs,
            bootstrap: StoreRows.bootstrapFields(details.bootstrap),
            objects: StoreRows.objects(links: registration?.objectLinks, values: values, model: model),
            operations: operations, events: events))
    }

    /// Saves the form through the store (the importer's rules decide) and answers the stored fields.
    static func save(store: DeviceStore, tenant: String, id: String, fields: [BootstrapField]) -> Action {
        var changes: [String: String] = [:]
        for field in fields { changes[field.name] = field.value }
        do {
            let stored = try store.updateBootstrapParameters(tenant: tenant, id: id, changes: changes)
            return .bootstrapSaved(deviceID: id, fields: StoreRows.bootstrapFields(stored), error: nil)
        } catch let error as BootstrapValidationError {
            return .bootstrapSaved(deviceID: id, fields: fields, error: error.description.replacingOccurrences(of: "\n", with: "; "))
        } catch {
            return .bootstrapSaved(deviceID: id, fields: fields, error: message(error))
        }
    }

    /// A user-facing message for any error the store or engine throws.
    static func message(_ error: any Error) -> String {
        switch error {
        case let error as StoreError: error.message
        case let error as EngineError: error.message
        case let error as ImportFileError: error.description
        default: String(describing: error)
        }
    }
}

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
        /// The exact count running off the keystroke path, cancelled when superseded.
        var counting: (request: DeviceCountQuery, task: Task<Void, Never>)?
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

    /// Stops the event and status tasks and a running count.
    func stop() {
        let tasks = state.withLock { shared in
            defer { shared.tasks.removeAll() }
            return shared.tasks
        }
        for task in tasks { task.cancel() }
        cancelCount()
    }

    func run(_ effect: Effect, post: @escaping @Sendable (Action) -> Void) {
        switch effect {
        case .queryDevices(let query):
            cancelCount(unlessFilter: query.filter)
            Task.detached { post(self.page(query)) }
        case .countDevices(let request):
            count(request, post: post)
        case .locateDevice(let id, let query):
            let storeQuery = Self.storeQuery(tenant: tenant, query)
            Task.detached { [store] in
                do {
                    post(.deviceLocated(id: id, in: query, index: try store.position(ofDevice: id, in: storeQuery)))
                } catch {
                    post(.failed("Cannot find device \(id): \(Self.message(error))"))
                }
            }
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

    /// Matches counted at most per filter key: a prefix matching more shows "1,000+" and the
    /// exact count follows from `countDevices` (a one-letter prefix walks every row, ~70 ms over
    /// 100,000 devices, too slow for a keystroke).
    static let countCap = 1_000

    /// One page of the table, using (and refreshing) the kept total for an empty filter.
    func page(_ query: ConsoleCore.DeviceQuery) -> Action {
        let tenant = self.tenant
        let known = state.withLock { $0.total }.flatMap { $0.tenant == tenant ? $0.count : nil }
        let answer = Self.page(store: store, tenant: tenant, query: query, total: known)
        if known == nil, query.filter.trimmingCharacters(in: .whitespaces).isEmpty, case .devicesLoaded(let page) = answer, page.matchingIsExact {
            state.withLock { $0.total = (tenant, page.matching) }
        }
        return answer
    }

    /// Drops the kept total (the inventory changed).
    func forgetTotal() {
        state.withLock { $0.total = nil }
    }

    /// The store query for a table query (filter as an ID/endpoint/name prefix).
    static func storeQuery(tenant: String, _ query: ConsoleCore.DeviceQuery) -> StoreDeviceQuery {
        let prefix = query.filter.trimmingCharacters(in: .whitespaces)
        let (sort, descending): (StoreDeviceQuery.SortKey, Bool) =
            switch query.sort {
            case .lastSeen: (.updatedAt, true)
            case .endpoint, .security, .state: (.endpoint, false)
            }
        return StoreDeviceQuery(
            tenant: tenant, prefix: prefix.isEmpty ? nil : prefix, sort: sort, descending: descending,
            limit: query.limit, offset: query.offset)
    }

    /// One page of the table: store rows for the query, read from the nearer end when the query
    /// carries the exact count. The count is exact without a filter (or `total` when known);
    /// with one it is exact below `countCap` or when the page reaches the last match, otherwise
    /// a lower bound (`matchingIsExact: false`) that the reducer replaces through `countDevices`.
    static func page(store: DeviceStore, tenant: String, query: ConsoleCore.DeviceQuery, total: Int? = nil) -> Action {
        let storeQuery = storeQuery(tenant: tenant, query)
        do {
            let rows: [DeviceRow]
            if let known = query.knownMatching {
                rows = try store.devices(storeQuery, matching: known).map { StoreRows.row($0) }
            } else {
                rows = try store.devices(storeQuery).map { StoreRows.row($0) }
            }
            if storeQuery.prefix == nil {
                let matching = try total ?? store.countDevices(storeQuery)
                return .devicesLoaded(DevicePage(query: query, rows: rows, matching: matching))
            }
            let capped = try store.countDevices(storeQuery, upTo: countCap)
            if capped < countCap {
                return .devicesLoaded(DevicePage(query: query, rows: rows, matching: capped))
            }
            // A short page read forwards ends at the last match: the count is then exact.
            if query.knownMatching == nil, rows.count < query.limit, !rows.isEmpty {
                return .devicesLoaded(DevicePage(query: query, rows: rows, matching: query.offset + rows.count))
            }
            // An empty page (past the end of a list that shrank) proves nothing beyond the cap.
            let bound = rows.isEmpty ? capped : max(capped, query.offset + rows.count)
            return .devicesLoaded(DevicePage(query: query, rows: rows, matching: bound, matchingIsExact: false))
        } catch {
            return .failed("Cannot list devices: \(message(error))")
        }
    }

    /// Counts a filter's matches exactly in the background; a newer request cancels this one.
    func count(_ request: DeviceCountQuery, post: @escaping @Sendable (Action) -> Void) {
        let storeQuery = Self.storeQuery(tenant: tenant, ConsoleCore.DeviceQuery(filter: request.filter, sort: .endpoint, offset: 0, limit: 0))
        state.withLock { shared in
            shared.counting?.task.cancel()
            let task = Task.detached { [store] in
                do {
                    let matching = try await store.countDevicesCancellable(storeQuery)
                    guard !Task.isCancelled else { return }
                    post(.devicesCounted(request, matching: matching))
                } catch is CancellationError {
                    return
                } catch {
                    if !Task.isCancelled { post(.failed("Cannot count devices: \(Self.message(error))")) }
                }
            }
            shared.counting = (request, task)
        }
    }

    /// Cancels the running count when the table moved to another filter (its answer would be
    /// dropped anyway); a count of the same filter keeps running. `nil` cancels any count.
    func cancelCount(unlessFilter filter: String? = nil) {
        state.withLock { shared in
            guard let counting = shared.counting, counting.request.filter != filter else { return }
            counting.task.cancel()
            shared.counting = nil
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
        let events = ((try? store.events(tenant: tenant, deviceID: id, limit: 50)) ?? []).map { StoreRows.event(type: $0.type, text: $0.text, time: $0.time) }
        // While the embedded engine is starting the pane shows the store's part at once (no wait).
        let operations = ((try? await engineWithoutWaiting?.operations(reference, limit: 50)) ?? []).map(StoreRows.operation)
        let registration = await liveRegistration(reference)
        state.withLock { $0.openDevice = id }
        let values = await objectValues(reference)
        var row = StoreRows.row(details.device)
        if let registration {
            // The store's connection state is written behind the engine: a live registration wins.
            if row.state != .registered && row.state != .sleeping { row.state = .registered }
            row.lastSeen = max(row.lastSeen ?? .distantPast, registration.lastContactAt)
        }
        return .deviceLoaded(DeviceDetail(
            row: row, lifetime: registration?.lifetime, binding: registration?.binding,
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

import CoAP
import DeviceStore
import Foundation
import LwM2M

/// Observations (SPEC §6): notifications decoded and kept as last values, stored so they outlive
/// an engine restart, re-established when the device registers again (it forgot its observers)
/// and, for those without a live observation (restored after a restart, or ended), when it
/// updates.
extension LwM2MEngine {
    func startObservation(_ ref: DeviceRef, key: String, plan: PlannedRequest, observation: CoAPObservation) {
        let old = observations[ref]?[key]
        old?.consumer?.cancel()
        if let previous = old?.observation { Task { await previous.cancel(actively: false) } }
        let generation = (old?.generation ?? 0) + 1
        let decoder = ResponseDecoder(model: model)
        let consumer = Task { [weak self] in
            for await event in observation.events {
                switch event {
                case .notification(let response):
                    let decoded = decoder.decode(response, path: plan.decodePath)
                    await self?.notified(ref, key: key, lines: decoded.lines, nodes: decoded.nodes)
                case .ended:
                    await self?.observationEnded(ref, key: key, generation: generation)
                }
            }
        }
        let command = old?.command ?? ObservationRecord.command(for: plan, key: key)
        observations[ref, default: [:]][key] = ObservationRecord(
            plan: plan, command: command, observation: observation, consumer: consumer, generation: generation)
        if old == nil {
            batch.observations.append(.saved(EngineObservationRecord(
                tenant: ref.tenant, deviceID: ref.id, key: key, command: command, createdAt: Date())))
        }
    }

    private func notified(_ ref: DeviceRef, key: String, lines: [String], nodes: LwM2MNodes) {
        storeLastValues(ref, nodes, source: .notification)
        emit(.notification(NotificationEvent(device: ref, path: key, lines: lines, time: Date())))
    }

    private func observationEnded(_ ref: DeviceRef, key: String, generation: Int) {
        guard var record = observations[ref]?[key], record.generation == generation else { return }
        // Keep the record (without a live observation) so a re-registration or Update restores it.
        record.observation = nil
        record.consumer = nil
        observations[ref]?[key] = record
    }

    /// Forgets an observation the device confirmed cancelled (our GET Observe=1 by path).
    func stopObservation(_ ref: DeviceRef, key: String) async {
        guard let record = observations[ref]?.removeValue(forKey: key) else { return }
        observationCancelled(ref, key: key)
        record.consumer?.cancel()
        await record.observation?.cancel(actively: false)
    }

    /// The operator cancelled an observation: it is no longer stored.
    func observationCancelled(_ ref: DeviceRef, key: String) {
        batch.observations.append(.removed(tenant: ref.tenant, deviceID: ref.id, key: key))
    }

    /// The observations a previous run stored, held without a live observation until the
    /// device next registers or updates.
    func restoreObservations() {
        guard let stored = try? store.engineObservations() else { return }
        for item in stored {
            let ref = DeviceRef(tenant: item.tenant, id: item.deviceID)
            let formats = sessions[ref]?.formats ?? ContentFormatChoice(serialization: nil, announced: [], version: "1.0")
            guard let request = try? ShellCommandParser.parseLine(item.command, model: model),
                  let plan = try? OperationRequestBuilder(formats: formats).plan(request.command),
                  case .observe(let key) = plan.kind else { continue }
            observations[ref, default: [:]][key] = ObservationRecord(
                plan: plan, command: item.command, observation: nil, consumer: nil, generation: 0)
        }
    }

    /// After a Register the device forgot its observers: observe everything again.
    func reestablishObservations(_ ref: DeviceRef) { reestablish(ref, onlyLost: false) }

    /// After an Update: observe again what has no live observation (restored after an engine
    /// restart, or ended); live ones are left alone.
    func reestablishLostObservations(_ ref: DeviceRef) { reestablish(ref, onlyLost: true) }

    private func reestablish(_ ref: DeviceRef, onlyLost: Bool) {
        guard let records = observations[ref], !records.isEmpty, let session = sessions[ref], let peer = session.peer,
              let endpoints else { return }
        let endpoint = peer.secure ? endpoints.serverDTLS : endpoints.server
        let timeout = Self.milliseconds(configuration.timeoutPolicy.timeout(command: nil, device: session.requestTimeout))
        let decoder = ResponseDecoder(model: model)
        let builder = OperationRequestBuilder(formats: session.formats)
        for (key, record) in records {
            if onlyLost, record.observation != nil || record.reestablishing { continue }
            record.consumer?.cancel()
            if let previous = record.observation { Task { await previous.cancel(actively: false) } }
            // Planned again: the device may announce other formats than when it was first made.
            var plan = record.plan
            if let request = try? ShellCommandParser.parseLine(record.command, model: model),
               let fresh = try? builder.plan(request.command), fresh.kind == record.plan.kind {
                plan = fresh
            }
            var pending = record
            pending.plan = plan
            pending.observation = nil
            pending.consumer = nil
            pending.reestablishing = true
            pending.generation += 1 // the old consumer's end no longer counts
            observations[ref]?[key] = pending
            Task { [weak self] in
                guard let established = try? await endpoint.observe(plan.request, to: peer.address, timeout: .milliseconds(Int64(timeout))),
                      established.response.code.isSuccess else {
                    await self?.reestablishFailed(ref, key: key)
                    return
                }
                let decoded = decoder.decode(established.response, path: plan.decodePath)
                await self?.observationReestablished(ref, key: key, plan: plan, observation: established, lines: decoded.lines, nodes: decoded.nodes)
            }
        }
    }

    /// The device did not take the observation again: the next Update tries once more.
    private func reestablishFailed(_ ref: DeviceRef, key: String) {
        observations[ref]?[key]?.reestablishing = false
    }

    private func observationReestablished(
        _ ref: DeviceRef, key: String, plan: PlannedRequest, observation: CoAPObservation, lines: [String], nodes: LwM2MNodes
    ) {
        // Cancelled by the operator meanwhile: drop the new observation.
        guard observations[ref]?[key] != nil else {
            Task { await observation.cancel(actively: true) }
            return
        }
        lifecycle(ref, endpoint: sessions[ref]?.endpoint ?? "", type: "ObservationRestored", text: "observation of \(key) established again")
        notified(ref, key: key, lines: lines, nodes: nodes)
        if observation.isEstablished {
            startObservation(ref, key: key, plan: plan, observation: observation)
        } else {
            observations[ref]?[key]?.reestablishing = false
        }
    }
}

import CoAP
import Foundation
import LwM2M

/// Observations (SPEC §6): notifications decoded and kept as last values, re-established after
/// the device registers again.
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
        observations[ref, default: [:]][key] = ObservationRecord(
            plan: plan, observation: observation, consumer: consumer, generation: generation)
    }

    private func notified(_ ref: DeviceRef, key: String, lines: [String], nodes: LwM2MNodes) {
        storeLastValues(ref, nodes)
        emit(.notification(NotificationEvent(device: ref, path: key, lines: lines, time: Date())))
    }

    private func observationEnded(_ ref: DeviceRef, key: String, generation: Int) {
        guard var record = observations[ref]?[key], record.generation == generation else { return }
        // Keep the record (without a live observation) so a re-registration restores it.
        record.observation = nil
        record.consumer = nil
        observations[ref]?[key] = record
    }

    /// Forgets an observation the device confirmed cancelled (our GET Observe=1 by path).
    func stopObservation(_ ref: DeviceRef, key: String) async {
        guard let record = observations[ref]?.removeValue(forKey: key) else { return }
        record.consumer?.cancel()
        await record.observation?.cancel(actively: false)
    }

    func storeLastValues(_ ref: DeviceRef, _ nodes: LwM2MNodes) {
        guard !nodes.values.isEmpty else { return }
        lastValues[ref, default: [:]].merge(nodes.values) { _, new in new }
    }

    /// After a Register the device forgot its observers: observe everything again.
    func reestablishObservations(_ ref: DeviceRef) {
        guard let records = observations[ref], !records.isEmpty, let peer = sessions[ref]?.peer, let endpoints else { return }
        let endpoint = peer.secure ? endpoints.serverDTLS : endpoints.server
        let timeout = Self.milliseconds(configuration.timeoutPolicy.timeout(command: nil, device: sessions[ref]?.requestTimeout))
        let decoder = ResponseDecoder(model: model)
        for (key, record) in records {
            record.consumer?.cancel()
            if let previous = record.observation { Task { await previous.cancel(actively: false) } }
            Task { [weak self] in
                guard let established = try? await endpoint.observe(record.plan.request, to: peer.address, timeout: .milliseconds(Int64(timeout))),
                      established.response.code.isSuccess else { return }
                let decoded = decoder.decode(established.response, path: record.plan.decodePath)
                await self?.observationReestablished(ref, key: key, plan: record.plan, observation: established, lines: decoded.lines, nodes: decoded.nodes)
            }
        }
    }

    private func observationReestablished(
        _ ref: DeviceRef, key: String, plan: PlannedRequest, observation: CoAPObservation, lines: [String], nodes: LwM2MNodes
    ) {
        lifecycle(ref, endpoint: sessions[ref]?.endpoint ?? "", type: "ObservationRestored", text: "observation of \(key) established again")
        notified(ref, key: key, lines: lines, nodes: nodes)
        if observation.isEstablished { startObservation(ref, key: key, plan: plan, observation: observation) }
    }
}

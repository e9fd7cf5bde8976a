import NIOCore

/// One client connection of the control server: reads its lines, runs each request as its own
/// task against the engine and writes the answers; ends the client's subscriptions when it goes.
struct ControlSession: Sendable {
    /// The engine being served.
    let engine: any EngineControl

    /// How many operations `operations` returns when the request does not say.
    static let defaultOperationLimit = 50

    /// Serves the connection until the client disconnects or the task is cancelled.
    func serve(_ connection: NIOAsyncChannel<ControlFrame, ByteBuffer>) async {
        let limits = ControlSessionLimits()
        try? await connection.executeThenClose { inbound, outbound in
            await withDiscardingTaskGroup { group in
                do {
                    for try await frame in inbound {
                        switch frame {
                        case .oversized(let limit):
                            await Self.send(ControlResponseLine(.failure(nil, "request line longer than \(limit) bytes; ignored")), to: outbound)
                        case .line(let text):
                            guard text.contains(where: { !$0.isWhitespace }) else { continue }
                            switch Self.parse(text) {
                            case .success(let request) where request.method == .subscribe:
                                guard await limits.startSubscription() else {
                                    await Self.send(ControlResponseLine(.failure(
                                        request.id, "too many subscriptions on one connection (at most \(ControlSessionLimits.defaultSubscriptions))")),
                                        to: outbound)
                                    continue
                                }
                                group.addTask {
                                    await self.answer(request, to: outbound)
                                    await limits.endSubscription()
                                }
                            case .success(let request):
                                await limits.acquireRequest()
                                group.addTask {
                                    await self.answer(request, to: outbound)
                                    await limits.releaseRequest()
                                }
                            case .failure(let error):
                                await Self.send(error, to: outbound)
                            }
                        }
                    }
                } catch {
                    // A reset connection ends like a closed one.
                }
                // The client is gone (or the server stops): end its subscriptions too.
                group.cancelAll()
            }
        }
    }

    /// Reads a request line, or the error line that answers it.
    static func parse(_ text: String) -> Result<ControlRequest, ControlResponseLine> {
        do {
            return .success(try ControlWire.decode(ControlRequest.self, from: text))
        } catch {
            let head = try? ControlWire.decode(ControlRequestHead.self, from: text)
            if let method = head?.method, ControlRequest.Method(rawValue: method) == nil {
                let known = ControlRequest.Method.allCases.map(\.rawValue).joined(separator: ", ")
                return .failure(ControlResponseLine(.failure(head?.id, "unknown method \"\(method)\" (known: \(known))")))
            }
            return .failure(ControlResponseLine(.failure(head?.id, "bad request line: \(ControlWire.reason(error))")))
        }
    }

    /// Runs one request and writes its answer (for `subscribe`: the acknowledgement, then events
    /// until the task is cancelled or the client stops reading).
    func answer(_ request: ControlRequest, to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async {
        let id = request.id
        let response: ControlResponse
        do throws(EngineError) {
            switch request.method {
            case .status:
                response = ControlResponse(id: id, status: await engine.status())
            case .submit:
                guard let device = request.device, let text = request.text else {
                    throw EngineError("submit needs \"device\" and \"text\"")
                }
                response = ControlResponse(id: id, operations: try await engine.submit(device, text: text))
            case .cancel:
                guard let operation = request.operation else { throw EngineError("cancel needs \"operation\"") }
                response = ControlResponse(id: id, operation: try await engine.cancel(OperationID(operation)))
            case .operations:
                guard let device = request.device else { throw EngineError("operations needs \"device\"") }
                let limit = request.limit ?? Self.defaultOperationLimit
                guard limit > 0 else { throw EngineError("operations needs a positive \"limit\", not \(limit)") }
                response = ControlResponse(id: id, operations: try await engine.operations(device, limit: limit))
            case .bootstrapPlan:
                guard let device = request.device else { throw EngineError("bootstrapPlan needs \"device\"") }
                response = ControlResponse(id: id, plan: try await engine.bootstrapPlan(device))
            case .registration:
                guard let device = request.device else { throw EngineError("registration needs \"device\"") }
                if let registration = try await engine.registration(device) {
                    response = ControlResponse(id: id, registration: registration)
                } else {
                    response = ControlResponse(id: id, registered: false)
                }
            case .reloadKeys:
                try await engine.reloadKeys()
                response = ControlResponse(id: id, reloaded: true)
            case .subscribe:
                await stream(id: id, to: outbound)
                return
            }
        } catch {
            response = .failure(id, error.message)
        }
        await Self.send(ControlResponseLine(response), to: outbound)
    }

    /// Subscribes to the engine first, so the acknowledgement promises every later event.
    private func stream(id: Int64, to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async {
        let events = await engine.events()
        guard await Self.send(ControlResponseLine(ControlResponse(id: id, subscribed: true)), to: outbound) else { return }
        for await event in events {
            guard await Self.send(ControlResponseLine(ControlResponse(id: id, event: event)), to: outbound) else { return }
        }
    }

    /// Writes one line; false when the client is gone.
    @discardableResult
    static func send(_ line: ControlResponseLine, to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async -> Bool {
        do {
            try await outbound.write(ControlWire.line(line.response))
            return true
        } catch {
            return false
        }
    }
}

/// A response as the error side of a `Result` (which needs an `Error`).
struct ControlResponseLine: Error {
    let response: ControlResponse
    init(_ response: ControlResponse) { self.response = response }
}

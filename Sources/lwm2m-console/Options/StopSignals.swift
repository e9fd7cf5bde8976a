import Dispatch
import Glibc

/// SIGINT and SIGTERM caught for a long-running command (`serve`, `simulate`): their default
/// action is ignored while it runs, so the command can stop cleanly when one arrives.
struct StopSignals {
    private let stream: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    /// Starts catching SIGINT and SIGTERM.
    init() {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.stream = stream
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    /// Waits for the first of the two signals and returns its number.
    func next() async -> Int32 {
        for await number in stream { return number }
        return SIGTERM
    }

    /// Stops listening.
    func cancel() {
        for source in sources { source.cancel() }
    }
}

import Foundation
import Glibc
import Synchronization
import Testing

/// A tmux session on a private server (`-L`) running one command, for driving the real binary.
///
/// Pinned TERM, locale and size; `waitFor` polls the screen until it shows what is expected or
/// the deadline passes (never sleep-then-assert); `close` kills the server, and so does deinit.
/// Sendable so async tests can poll it off the cooperative pool (`awaitText`); the only mutable
/// state, `closed`, is behind a mutex, and each tmux command is its own child process.
final class TmuxSession: Sendable {
    let socket: String
    private let closed = Mutex(false)

    /// The console binary under the package's .build/debug, located from this file.
    static func binary(sourceFile: String = #filePath) throws -> String {
        let root = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent(".build/debug/lwm2m-console").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw HarnessError("lwm2m-console binary missing at \(path); run `swift build` first")
        }
        return path
    }

    /// Starts `command` (a shell command line) in a detached session of the given size.
    init(columns: Int = 80, rows: Int = 24, command: String, environment: [String: String] = [:]) throws {
        socket = "lwm2m-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
        var exports = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]
        exports.merge(environment) { $1 }
        let assignments = exports.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        // Without NO_COLOR in `environment`, make sure the test runner's own NO_COLOR does not leak in.
        let unset = environment["NO_COLOR"] == nil ? "-u NO_COLOR " : ""
        try run(["-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", "\(columns)", "-y", "\(rows)",
                 "env \(unset)\(assignments) sh -c \(Self.quote(command))"])
        try run(["set-option", "-t", "main", "remain-on-exit", "on"])
        try run(["set-option", "-g", "window-size", "manual"])
    }

    deinit { close() }

    /// Kills the pane's processes, then the private tmux server.
    ///
    /// The pane is killed explicitly: under the test runner a kill-server alone has been seen to
    /// leave the server and the console running.
    func close() {
        guard closed.withLock({ $0 == false }) else { return }
        let server = (try? run(["display-message", "-p", "-t", "main", "#{pid}"])).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        if let shell = try? panePID() {
            let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
            for child in children.split(separator: " ").compactMap({ pid_t($0) }) { kill(child, SIGKILL) }
            kill(shell, SIGKILL)
        }
        closed.withLock { $0 = true }
        _ = try? run(["kill-server"])
        // Under the test runner the server has been seen to outlive kill-server: make sure.
        if let server { kill(server, SIGKILL) }
        unlink("/tmp/tmux-\(getuid())/\(socket)")
    }

    /// Sends keys in tmux notation ("Enter", "Escape", "C-s", "j").
    func send(_ keys: String...) throws {
        try run(["send-keys", "-t", "main"] + keys)
    }

    /// Types text literally.
    func type(_ text: String) throws {
        try run(["send-keys", "-t", "main", "-l", text])
    }

    /// The process id of the pane's shell (the binary runs as its child).
    func panePID() throws -> pid_t {
        let text = try run(["display-message", "-p", "-t", "main", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let pid = pid_t(text) else { throw HarnessError("no pane pid in \(text.debugDescription)") }
        return pid
    }

    /// Resizes the window (the binary gets SIGWINCH).
    func resize(columns: Int, rows: Int) throws {
        try run(["resize-window", "-t", "main", "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// The visible screen; with `escapes` the SGR sequences are kept (capture-pane -e).
    func screen(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", "main"] + (escapes ? ["-e"] : []))
    }

    /// Polls the screen until `predicate` holds; throws with the last screen after `timeout`.
    ///
    /// The deadline is a bound for a hung console, not a measure: it is stretched by
    /// `LoadFactor.current` so a loaded machine (other builds, load average 7–11 on 2 cores) does
    /// not turn a slow screen into a failure. One last capture is taken after the deadline, so a
    /// capture that was itself slow still gets its look at the screen.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 10, escapes: Bool = false, _ predicate: (String) -> Bool) throws -> String {
        let limit = LoadFactor.stretch(timeout)
        let deadline = Date().addingTimeInterval(limit)
        var last = ""
        while true {
            let expired = Date() >= deadline
            last = try screen(escapes: escapes)
            if predicate(last) { return last }
            if expired { break }
            usleep(40_000)
        }
        throw HarnessError("timed out after \(Int(limit)) s waiting for \(what); screen was:\n\(last)")
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 10) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    /// Runs one tmux command, bounded to 10 s, with posix_spawn and waitpid.
    ///
    /// Output goes to a temp file, not a pipe, and Foundation's Process is avoided: the tmux
    /// server forks from the first command and keeps inherited descriptors open forever.
    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-out-\(UUID().uuidString)").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The first tmux command forks the server, which keeps every inherited descriptor for
        // its whole life: close all but 0–2 in the child (the test runner's sockets, pipes, and
        // other tests' temp files would otherwise stay open in a stray server).
        ChildDescriptors.closeAllAboveStandard(&actions)
        let argv = (["tmux", "-L", socket] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/tmux", &actions, nil, argv, environ)
        guard spawned == 0 else { throw HarnessError("cannot start tmux: error \(spawned)") }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(10)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                throw HarnessError("tmux \(arguments.joined(separator: " ")) did not finish in 10 s")
            }
            usleep(2_000)
        }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        guard exitCode == 0 || arguments.first == "kill-server" else {
            throw HarnessError("tmux \(arguments.joined(separator: " ")) failed (\(exitCode)): \(text)")
        }
        return text
    }

    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// A harness failure with the reason.
struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

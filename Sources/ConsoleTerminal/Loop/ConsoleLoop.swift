import CNCursesShim
public import ConsoleCore
import Foundation
import Glibc

/// The UI thread's event loop: poll stdin and the wake pipe, reduce actions, run effects, draw.
public struct ConsoleLoop {
    /// Runs a console session until quit or a signal; the terminal is restored on every path.
    public static func run(
        initial: AppState, reducer: ConsoleReducer, runner: any EffectRunner, themes: ThemeLibrary, options: ConsoleOptions
    ) throws(TerminalError) -> ConsoleExit {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw TerminalError("cannot create the wake pipe") }
        let wakeRead = descriptors[0]
        let wakeWrite = descriptors[1]
        _ = fcntl(wakeRead, F_SETFL, fcntl(wakeRead, F_GETFL) | O_NONBLOCK)
        _ = fcntl(wakeWrite, F_SETFL, fcntl(wakeWrite, F_GETFL) | O_NONBLOCK)
        defer {
            Glibc.close(wakeRead)
            Glibc.close(wakeWrite)
        }
        let screen = try TerminalScreen(noColor: options.noColor, mouse: options.mouse, environment: options.environment)
        defer { screen.close() }
        cncurses_install_signal_handlers(wakeWrite)
        let mailbox = Mailbox(wakeDescriptor: wakeWrite)

        var state = initial
        state.size = screen.size
        let loaded = themes.load(options.noColor ? "monochrome" : options.themeName)
        screen.apply(loaded.theme)
        state.themeName = loaded.error == nil ? loaded.theme.name : "default"
        state.themeNames = themes.names
        var queue: [Action] = [.start]
        if let error = loaded.error { queue.append(.failed("Theme refused, default used: \(Self.short(error))")) }

        while true {
            var quit = false
            for action in queue {
                let effects = reducer.reduce(&state, action, now: Date())
                for effect in effects {
                    switch effect {
                    case .quit:
                        quit = true
                    case .switchTheme(let name):
                        if options.noColor {
                            mailbox.post(.failed("NO_COLOR is set: staying monochrome"))
                            continue
                        }
                        let result = themes.load(name)
                        if let error = result.error {
                            mailbox.post(.failed("Theme refused: \(Self.short(error))"))
                        } else {
                            screen.apply(result.theme)
                            mailbox.post(.themeApplied(name: result.theme.name))
                        }
                    default:
                        runner.run(effect, post: mailbox.post)
                    }
                }
            }
            queue.removeAll(keepingCapacity: true)
            if quit { return .quit }
            screen.draw(render(state, size: state.size))

            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            let result = poll(&fds, 2, tickInterval(state))
            if cncurses_pending_signal() != 0 { return .signal(cncurses_pending_signal()) }
            if result < 0, errno != EINTR { throw TerminalError("poll failed: errno \(errno)") }
            if fds[1].revents != 0 {
                var buffer = [UInt8](repeating: 0, count: 256)
                while read(wakeRead, &buffer, buffer.count) > 0 {}
            }
            // Keys are read on every wake-up: a SIGWINCH interrupts poll and yields KEY_RESIZE.
            queue += screen.readKeys()
            queue += mailbox.drain()
            if fds[0].revents & Int16(POLLHUP | POLLERR) != 0 { return .signal(SIGHUP) }
            queue.append(.tick)
        }
    }

    /// The error with only the file name, so it fits the flash line.
    static func short(_ error: ThemeError) -> ThemeError {
        ThemeError(file: URL(fileURLWithPath: error.file).lastPathComponent, line: error.line, reason: error.reason)
    }

    /// Milliseconds until the next tick: fast while something animates, slow otherwise.
    static func tickInterval(_ state: AppState) -> Int32 {
        let animating = !state.shell.outstanding.isEmpty || state.flash != nil
        if animating { return 100 }
        if case .running = state.importFlow { return 200 }
        return 1000
    }
}

public import Foundation

/// Work the UI asks for; an `EffectRunner` performs it off the UI thread and posts `Action`s back.
public enum Effect: Sendable, Equatable {
    /// Load one window of the filtered, sorted device list → `.devicesLoaded`.
    case queryDevices(DeviceQuery)
    /// Count every device matching a filter exactly → `.devicesCounted`. Asked after a page showed
    /// a lower bound; a runner may drop or cancel it once a newer count or another filter comes.
    case countDevices(DeviceCountQuery)
    /// Find where device `id` now is in the list `query` describes (filter and sort; the window is
    /// ignored) → `.deviceLocated`. Asked when a refresh moved the selected device out of its window.
    case locateDevice(id: String, in: DeviceQuery)
    /// Load a device's details → `.deviceLoaded`.
    case loadDevice(id: String)
    /// Load active alarms → `.alarmsLoaded`.
    case loadAlarms
    /// Store bootstrap parameters → `.bootstrapSaved`.
    case saveBootstrap(deviceID: String, fields: [BootstrapField])
    /// Compute the bootstrap plan for fields → `.bootstrapPlan`.
    case previewBootstrapPlan(deviceID: String, fields: [BootstrapField])
    /// Send a shell line to a device → `.shellUpdate`s.
    case submitShell(requestID: Int, deviceID: String, line: String, timeout: TimeInterval)
    /// Acknowledge an alarm → `.alarmRaised` with the new state.
    case acknowledgeAlarm(id: String)
    /// Clear an alarm → `.alarmRemoved`.
    case clearAlarm(id: String)
    /// Clear every alarm → `.alarmsLoaded`.
    case clearAllAlarms
    /// Delete a device → `.notice`, then the table is re-queried.
    case deleteDevice(id: String)
    /// Dry-run (→ `.importChecked`) or run (→ `.importProgress`…, `.importFinished`) a CSV import.
    case startImport(path: String, dryRun: Bool)
    /// Switch the colour theme → `.themeApplied` or `.failed`.
    case switchTheme(name: String)
    /// Switch tenant (the table is re-queried by the reducer).
    case switchTenant(name: String)
    /// Ask for completion candidates → `.completions`.
    case complete(CompletionContext, text: String)
    /// Leave the console.
    case quit
}

/// Performs effects off the UI thread and posts the results back as actions.
public protocol EffectRunner: Sendable {
    /// Starts `effect`; `post` may be called from any thread, any number of times.
    func run(_ effect: Effect, post: @escaping @Sendable (Action) -> Void)
}

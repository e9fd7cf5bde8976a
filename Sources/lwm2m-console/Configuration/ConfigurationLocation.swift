/// Which configuration file applies: `--config FILE`, else `$LWM2M_CONSOLE_CONFIG`, else
/// `$XDG_CONFIG_HOME/lwm2m-console/config.toml`, else `~/.config/lwm2m-console/config.toml`.
struct ConfigurationLocation: Equatable, Sendable {
    /// The environment variable naming the file.
    static let environmentVariable = "LWM2M_CONSOLE_CONFIG"

    /// The file's path.
    let path: String
    /// True when the operator named it (flag or variable): then it must exist.
    let isExplicit: Bool
    /// How it was chosen, for `config show`.
    let origin: ConfigurationOrigin

    /// The file for this flag and environment; nil when there is none (no flag, no variable, no
    /// HOME). Empty values count as unset; a relative `XDG_CONFIG_HOME` is ignored (XDG spec).
    static func resolve(flag: String?, environment: [String: String]) -> ConfigurationLocation? {
        if let flag, !flag.isEmpty { return ConfigurationLocation(path: flag, isExplicit: true, origin: .flag(name: "--config")) }
        if let named = environment[environmentVariable], !named.isEmpty {
            return ConfigurationLocation(path: named, isExplicit: true, origin: .environment(variable: environmentVariable))
        }
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return ConfigurationLocation(path: join(xdg, "lwm2m-console/config.toml"), isExplicit: false, origin: .builtIn)
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return ConfigurationLocation(path: join(home, ".config/lwm2m-console/config.toml"), isExplicit: false, origin: .builtIn)
    }

    private static func join(_ base: String, _ leaf: String) -> String {
        base.hasSuffix("/") ? base + leaf : base + "/" + leaf
    }
}

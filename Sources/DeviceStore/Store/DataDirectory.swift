/// Where the console keeps its data: resolves the data directory from the flag, the environment
/// and the XDG convention, in that order.
public enum DataDirectory {
    /// The environment variable that names the data directory when no flag is given.
    public static let environmentVariable = "LWM2M_CONSOLE_DATA_DIR"

    /// Resolves the data directory: `flag`, else `$LWM2M_CONSOLE_DATA_DIR`, else
    /// `$XDG_DATA_HOME/lwm2m-console`, else `$HOME/.local/share/lwm2m-console`.
    ///
    /// Empty values count as unset, as the XDG base directory specification says for
    /// `XDG_DATA_HOME`; relative `XDG_DATA_HOME` values are ignored for the same reason.
    public static func resolve(flag: String?, environment: [String: String]) throws -> String {
        if let flag, !flag.isEmpty { return flag }
        if let fromEnv = environment[environmentVariable], !fromEnv.isEmpty { return fromEnv }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return join(xdg, "lwm2m-console")
        }
        guard let home = environment["HOME"], !home.isEmpty else {
            throw StoreError(
                "cannot find a data directory: pass --data-dir DIR or set \(environmentVariable) (HOME is not set)")
        }
        return join(home, ".local/share/lwm2m-console")
    }

    private static func join(_ base: String, _ leaf: String) -> String {
        base.hasSuffix("/") ? base + leaf : base + "/" + leaf
    }
}

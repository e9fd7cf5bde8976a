// Generated from Themes/*.toml so the binary works anywhere; a test checks they stay equal.

/// The four shipped themes, embedded as text.
public enum BuiltInThemes {
    /// Names of the shipped themes.
    public static let names = ["default", "light", "high-contrast", "monochrome"]

    /// Theme file text by name.
    public static let texts: [String: String] = [
        "default": #"""
            # Default theme: dark, on the terminal's own background.
            name = "default"

            [palette]
            accent = "#5fafd7"
            ok = "#87d75f"
            warn = "#d7af5f"
            error = "#ff5f5f"
            critical = "#ff005f"
            minor = "#d7d75f"
            dim = "#8a8a8a"
            ink = "#1c1c1c"
            shade = "#3a3a3a"

            [roles]
            title = { fg = "accent", bold = true }
            border = { fg = "dim" }
            "border.focused" = { fg = "accent", bold = true }
            selection = { fg = "ink", bg = "accent" }
            "selection.inactive" = { bg = "shade" }
            text = { fg = "default" }
            "text.dim" = { fg = "dim" }
            "status.ok" = { fg = "ok" }
            "status.warn" = { fg = "warn" }
            "status.error" = { fg = "error", bold = true }
            "alarm.critical" = { fg = "critical", bold = true }
            "alarm.major" = { fg = "error" }
            "alarm.minor" = { fg = "minor" }
            "alarm.warning" = { fg = "warn" }
            input = { fg = "default", underline = true }
            "input.invalid" = { fg = "error", underline = true }
            flash = { fg = "ink", bg = "ok" }
            """#,
        "light": #"""
            # Light theme: dark ink for light terminal backgrounds.
            name = "light"
            inherits = "default"

            [palette]
            accent = "#005f87"
            ok = "#005f00"
            warn = "#875f00"
            error = "#af0000"
            critical = "#d70000"
            minor = "#5f5f00"
            dim = "#6c6c6c"
            ink = "#ffffff"
            shade = "#d0d0d0"
            """#,
        "high-contrast": #"""
            # High contrast: the brightest ANSI colours and bold text, for projectors and tired eyes.
            name = "high-contrast"
            inherits = "default"

            [palette]
            accent = "bright-cyan"
            ok = "bright-green"
            warn = "bright-yellow"
            error = "bright-red"
            critical = "bright-magenta"
            minor = "bright-yellow"
            dim = "white"
            ink = "black"
            shade = "bright-black"

            [roles]
            text = { fg = "bright-white" }
            "text.dim" = { fg = "white" }
            border = { fg = "white" }
            selection = { fg = "black", bg = "bright-yellow", bold = true }
            "selection.inactive" = { fg = "black", bg = "white" }
            "alarm.major" = { fg = "bright-red", bold = true }
            """#,
        "monochrome": #"""
            # Monochrome: attributes only (bold, underline, reverse); used when NO_COLOR is set.
            name = "monochrome"

            [roles]
            title = { bold = true }
            border = {}
            "border.focused" = { bold = true }
            selection = { reverse = true }
            "selection.inactive" = { underline = true }
            text = {}
            "text.dim" = {}
            "status.ok" = {}
            "status.warn" = { bold = true }
            "status.error" = { bold = true, underline = true }
            "alarm.critical" = { bold = true, reverse = true }
            "alarm.major" = { bold = true }
            "alarm.minor" = { underline = true }
            "alarm.warning" = {}
            input = { underline = true }
            "input.invalid" = { bold = true, underline = true }
            flash = { reverse = true }
            """#,
    ]
}

/// The thin ncursesw backend that draws ConsoleCore grids and reads keys.
public enum ConsoleTerminalModule {}

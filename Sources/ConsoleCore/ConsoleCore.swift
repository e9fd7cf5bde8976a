/// The console UI as pure code: state, actions, reduce, render into a grid of styled cells.
public enum ConsoleCoreModule {}

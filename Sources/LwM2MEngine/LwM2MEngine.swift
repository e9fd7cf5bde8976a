/// The embedded LwM2M engine: bootstrap server, LwM2M server, operations, observations.
public enum LwM2MEngineModule {}

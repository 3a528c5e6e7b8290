package org.dsuite.rainstorm.api;

import java.io.Serializable;
import java.util.function.Function;

/** A {@link Function} that Spark can ship to executors. */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {}

package org.dsuite.rainstorm.api;

import java.io.Serializable;
import java.util.function.Predicate;

/** A {@link Predicate} that Spark can ship to executors. */
@FunctionalInterface
public interface SerializablePredicate<T> extends Predicate<T>, Serializable {}

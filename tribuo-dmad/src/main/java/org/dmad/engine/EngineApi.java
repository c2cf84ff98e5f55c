package org.dmad.engine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the engine types that code outside tribuo-dmad may use: the engine's public API. Everything else in
 * {@code org.dmad.engine} is an internal of the diffusion engine, used only by the Tribuo adapter in
 * {@code org.dmad.tribuo} (same module) and, to measure the engine, by the performance suites in
 * {@code org.dmad.evaluation.perf}. The rule is a test ({@code EngineBoundaryTest} in the evaluation module), so
 * a new dependency on an internal fails the build; nested types of an annotated type belong to the API too.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EngineApi {}

// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Marks a test that needs root and touches the real kernel (namespaces, veth, nftables). Equals
 * {@code @Tag("privileged")}: Surefire leaves it out, Failsafe runs it in {@code verify}.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Tag("privileged")
public @interface Privileged
{
}

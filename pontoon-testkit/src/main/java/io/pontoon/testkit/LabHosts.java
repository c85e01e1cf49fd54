// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test a {@link Lab} with {@link #count()} hosts: declare a {@code Lab} parameter. On a
 * method it sizes that test's lab; on a class, the labs of every test in it. Registers
 * {@link LabExtension}, which dumps the lab when the test fails and removes it afterwards.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LabExtension.class)
public @interface LabHosts
{
    /** How many hosts, named {@code h1..hN}. */
    int count() default 2;
}

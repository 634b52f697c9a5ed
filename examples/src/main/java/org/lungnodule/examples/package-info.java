/**
 * Small programs, one per job, that show the library's API on the synthetic phantom. Each has a
 * {@code main} and runs offline in seconds to minutes; see the README's "Examples" section.
 */
package org.lungnodule.examples;

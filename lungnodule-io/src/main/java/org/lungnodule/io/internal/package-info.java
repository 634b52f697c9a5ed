/** Implementation helpers shared by the format packages; not public API. */
package org.lungnodule.io.internal;

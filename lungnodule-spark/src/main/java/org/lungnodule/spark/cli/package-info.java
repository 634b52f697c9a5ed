/**
 * The {@code lungnodule-spark} command: {@code bin/lungnodule-spark <job> [--master local[N]] …} on
 * a laptop, or {@code spark-submit --class org.lungnodule.spark.cli.LungnoduleSpark
 * lungnodule-spark-…-spark-submit.jar <job> …} on a cluster.
 */
package org.lungnodule.spark.cli;

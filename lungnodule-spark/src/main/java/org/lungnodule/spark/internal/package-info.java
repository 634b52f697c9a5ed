/**
 * Implementation of the Spark jobs, not API: the per-scan tasks, how an executor loads a model
 * once, how a task commits its outputs (a task-attempt path, then a rename), and the per-scan
 * Parquet files that make up the jobs' tables.
 */
package org.lungnodule.spark.internal;

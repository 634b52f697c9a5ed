/**
 * Localized fine-tuning: splitting a site's nodules by patient into a fine-tuning part and an
 * independent test part ({@link org.lungnodule.finetune.SiteSplitter}), mixing a site's fine-tuning
 * part into the public training set ({@link org.lungnodule.finetune.DatasetMixer}), and the
 * workflow that trains, fine-tunes and compares models.
 */
package org.lungnodule.finetune;

package org.lungnodule.finetune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@link LocalizationWorkflow} needs from a model family (the classifier or the
 * segmenter): train (from scratch or from a parent's weights), save, load, and predict on test
 * cases. Implementations live beside the model adapters in this module.
 *
 * @param <C> the case type (a nodule cube, a scan)
 * @param <M> the trained model type
 */
public interface ModelTask<C, M> {

  /** A short name, used for file names and report keys: {@code classifier} or {@code segmenter}. */
  String name();

  /**
   * Every setting that changes what this task trains or predicts (not listeners), as text: part of
   * the key under which the {@link LocalizationWorkflow} records each finished step, so that a
   * changed setting reruns the steps it affects.
   */
  Map<String, String> settings();

  /**
   * A case's identifier (unique among the cases of a run): the workflow keys its steps by the
   * identifiers of the cases they read, in order. Like the training-data hash of a model's
   * provenance, it names a case rather than hashing its voxels: a case whose content changes must
   * change its identifier (or the work folder) for the workflow to notice.
   */
  String caseId(C c);

  /**
   * Trains a model.
   *
   * @param request what to train on and how
   * @return the trained model, carrying provenance that names its parent and site when fine-tuned
   * @throws IOException if checkpoints cannot be written or read
   */
  M train(TrainRequest<C, M> request) throws IOException;

  /** Writes a model archive (atomically). @throws IOException on failure */
  void save(M model, Path file) throws IOException;

  /**
   * Reads a model archive. @throws IOException if the file is missing, corrupt or of another kind
   */
  M load(Path file) throws IOException;

  /** Runs the model on test cases. @throws IOException on I/O failure */
  List<CaseOutcome> predict(M model, List<C> cases) throws IOException;

  /**
   * A training job.
   *
   * @param cases the training cases
   * @param parent the model to start from (fine-tuning), if any
   * @param site the site the cases come from when fine-tuning, if any
   * @param seed the seed of every random choice in training
   * @param checkpointDir where per-epoch checkpoints go (resume after a crash)
   * @param <C> case type
   * @param <M> model type
   */
  record TrainRequest<C, M>(
      List<C> cases, Optional<M> parent, Optional<String> site, long seed, Path checkpointDir) {
    /** Copies the case list. */
    public TrainRequest {
      cases = List.copyOf(cases);
    }

    /** Whether this is a fine-tuning job. */
    public boolean fineTuning() {
      return parent.isPresent();
    }
  }
}

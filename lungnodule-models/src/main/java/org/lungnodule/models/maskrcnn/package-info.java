/**
 * A 3D Mask R-CNN that detects and segments lung nodules (Cai et al. 2023, section 2.3): a ResNet
 * backbone with 3×3×3 kernels, a region proposal network over cubic anchors, 3D ROIAlign, a box
 * head and a mask head, trained on crops of the lung-field-masked 1 mm volume and run on whole
 * scans with sliding windows.
 *
 * <p>Geometry is pure Java: {@link org.lungnodule.models.maskrcnn.Box3d} (z, y, x order, corner
 * convention), {@link org.lungnodule.models.maskrcnn.BoxCoder}, {@link
 * org.lungnodule.models.maskrcnn.Anchors}, {@link org.lungnodule.models.maskrcnn.AnchorTargets},
 * {@link org.lungnodule.models.maskrcnn.Nms3d} and {@link
 * org.lungnodule.models.maskrcnn.RoiAlign3d} (ROIAlign and its exact adjoint, computed on the
 * host).
 *
 * <p>The entry points: {@link org.lungnodule.models.maskrcnn.MaskRcnnConfig} (presets PAPER, SMALL,
 * TINY; its settings in {@link org.lungnodule.models.maskrcnn.BackboneSettings}, {@link
 * org.lungnodule.models.maskrcnn.RpnSettings}, {@link
 * org.lungnodule.models.maskrcnn.RoiHeadSettings}, {@link
 * org.lungnodule.models.maskrcnn.InferenceSettings} and {@link
 * org.lungnodule.models.maskrcnn.TrainingSettings}), {@link
 * org.lungnodule.models.maskrcnn.SegmentationCase} (a preprocessed training scan), {@link
 * org.lungnodule.models.maskrcnn.MaskRcnnTrainer} (staged training, checkpoints, resume), {@link
 * org.lungnodule.models.maskrcnn.NoduleSegmenter} (whole-scan inference, model archive) and {@link
 * org.lungnodule.models.maskrcnn.MaskRcnnModel} (one crop).
 *
 * <p>Whole-scan detection is a {@link org.lungnodule.models.maskrcnn.DetectionPipeline} of stages:
 * candidate sources ({@link org.lungnodule.models.maskrcnn.CandidateStage}: {@link
 * org.lungnodule.models.maskrcnn.SlidingWindowDetector}, {@link
 * org.lungnodule.models.maskrcnn.BlobCandidates}), {@link
 * org.lungnodule.models.maskrcnn.MergeStage}, a {@link
 * org.lungnodule.models.maskrcnn.RescoringStage} ({@link
 * org.lungnodule.models.maskrcnn.FalsePositiveReducer}, trained by {@link
 * org.lungnodule.models.maskrcnn.ReducerTrainer}) and {@link
 * org.lungnodule.models.maskrcnn.MaskStage}.
 */
package org.lungnodule.models.maskrcnn;

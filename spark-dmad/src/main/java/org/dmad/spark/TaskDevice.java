package org.dmad.spark;

import java.util.List;
import java.util.Locale;

/**
 * The device a grid task trains on when Spark schedules GPUs ({@code spark.executor.resource.gpu.amount},
 * {@code spark.task.resource.gpu.amount} and a discovery script): the GPU Spark assigned to the task, so that
 * concurrent tasks on one machine do not all train on its first GPU.
 * <p>
 * With GPUs assigned, {@code gpu} and {@code auto} become {@code gpu:N} for the task's first assigned address N;
 * {@code gpu:N} is kept when N is one of the task's addresses and refused otherwise (it would train on a GPU
 * another task holds); {@code cpu} stays {@code cpu}. Without assigned GPUs the setting is kept as given, as on
 * one machine. Addresses are CUDA device ordinals as the discovery script announces them (Spark's example script
 * announces {@code nvidia-smi}'s indices, which are the ordinals when {@code CUDA_VISIBLE_DEVICES} is unset).
 */
final class TaskDevice {

    private TaskDevice() {}

    /**
     * Resolves a device setting against the GPUs Spark assigned to a task.
     *
     * @param requested the grid's device setting ({@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}).
     * @param gpus      the task's GPU addresses ({@code TaskContext.resources().get("gpu")}), empty when none.
     * @return the device the task trains on.
     * @throws IllegalArgumentException when an address is not a device ordinal, or {@code gpu:N} names a GPU that
     *                                  was not assigned to the task.
     */
    static String resolve(String requested, List<String> gpus) {
        if (gpus.isEmpty() || requested == null) {
            return requested;
        }
        for (String a : gpus) {
            if (!a.matches("\\d+")) {
                throw new IllegalArgumentException("Spark assigned GPU address '" + a + "' to this task; dmad "
                        + "needs CUDA device ordinals (0, 1, ...): make the GPU discovery script announce them");
            }
        }
        String s = requested.trim().toLowerCase(Locale.ROOT);
        if (s.equals("gpu") || s.equals("auto")) {
            return "gpu:" + Integer.parseInt(gpus.get(0));
        }
        if (s.matches("gpu:\\d+")) {
            int n = Integer.parseInt(s.substring(4));
            if (gpus.stream().noneMatch(a -> Integer.parseInt(a) == n)) {
                throw new IllegalArgumentException("--device " + requested + " names a GPU Spark did not assign to "
                        + "this task (assigned: " + String.join(", ", gpus) + "); use --device gpu (or auto) to "
                        + "train on the assigned one");
            }
            return "gpu:" + n;
        }
        return requested;
    }
}

package dev.tfjrunner.model.layers;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Keras's Permute: the non-batch axes reordered; {@code dims} is a permutation of 1..rank (Keras's
 * 1-based numbering, the batch axis staying first).
 */
public record Permute(String name, List<Integer> dims) implements Layer {

  public Permute {
    dims = List.copyOf(dims);
    List<Integer> sorted = new ArrayList<>(dims);
    sorted.sort(null);
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i) != i + 1) {
        throw new IllegalArgumentException("dims must be a permutation of 1.." + dims.size() + ", got " + dims);
      }
    }
  }

  @Override
  public Permute withName(String n) {
    return new Permute(n, dims);
  }

  @Override
  public String className() {
    return "Permute";
  }

  @Override
  public long[] outputShape(long[] in) {
    if (in.length != dims.size()) {
      throw new IllegalArgumentException("dims " + dims + " do not fit an input of rank " + (in.length + 1));
    }
    return dims.stream().mapToLong(d -> in[d - 1]).toArray();
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    int[] perm = new int[dims.size() + 1];
    for (int i = 0; i < dims.size(); i++) {
      perm[i + 1] = dims.get(i);
    }
    return call.tf().linalg.transpose(x, call.tf().constant(perm));
  }
}

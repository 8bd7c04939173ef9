package bplab.handwritten;

import bplab.backprop.Network;
import bplab.backprop.Trainer;
import bplab.backprop.UpdaterState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The hand-written engine's full training state in a small binary file: parameters, every
 * updater state array and the iteration counter, in double, so a resumed run continues
 * bit for bit. Layout: magic, version, layer sizes, then per layer W, b, W's updater state,
 * b's updater state, and finally the iteration.
 */
final class EngineStateFile {
    private static final int MAGIC = 0x42504C53; // "BPLS"
    private static final int VERSION = 1;

    private EngineStateFile() {}

    static void write(Path file, Trainer trainer) throws IOException {
        Network net = trainer.network();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            int[] sizes = net.layerSizes();
            out.writeInt(sizes.length);
            for (int s : sizes) out.writeInt(s);
            for (int l = 0; l < net.numLayers(); l++) {
                writeArray(out, net.getWeights(l));
                writeArray(out, net.getBiases(l));
                writeState(out, trainer.weightState(l));
                writeState(out, trainer.biasState(l));
            }
            out.writeInt(trainer.iteration());
        }
    }

    static void read(Path file, Trainer trainer) throws IOException {
        Network net = trainer.network();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int magic = in.readInt();
            int version = in.readInt();
            if (magic != MAGIC || version != VERSION) {
                throw new IOException(file + ": not a hand-written engine state file (magic " + Integer.toHexString(magic)
                        + ", version " + version + "; expected " + Integer.toHexString(MAGIC) + ", " + VERSION + ")");
            }
            int count = in.readInt();
            if (count != net.layerSizes().length) {
                throw new IOException(file + ": " + count + " layer sizes, expected " + net.layerSizes().length);
            }
            int[] sizes = new int[count];
            for (int i = 0; i < count; i++) sizes[i] = in.readInt();
            if (!Arrays.equals(sizes, net.layerSizes())) {
                throw new IOException(file + ": layers " + Arrays.toString(sizes) + ", expected " + Arrays.toString(net.layerSizes()));
            }
            for (int l = 0; l < net.numLayers(); l++) {
                double[] w = readArray(in, sizes[l] * sizes[l + 1], file);
                double[] b = readArray(in, sizes[l + 1], file);
                net.setParameters(l, w, b);
                readState(in, trainer.weightState(l), file);
                readState(in, trainer.biasState(l), file);
            }
            trainer.setIteration(in.readInt());
        }
    }

    private static void writeArray(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double v : a) out.writeDouble(v);
    }

    private static double[] readArray(DataInputStream in, int expected, Path file) throws IOException {
        int n = in.readInt();
        if (n != expected) throw new IOException(file + ": array of " + n + " values, expected " + expected);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = in.readDouble();
        return a;
    }

    private static void writeState(DataOutputStream out, UpdaterState state) throws IOException {
        out.writeInt(state.names().size());
        for (String name : state.names()) {
            out.writeUTF(name);
            writeArray(out, state.get(name));
        }
    }

    private static void readState(DataInputStream in, UpdaterState state, Path file) throws IOException {
        int n = in.readInt();
        if (n != state.names().size()) {
            throw new IOException(file + ": updater state with " + n + " arrays, expected " + state.names().size() + " " + state.names());
        }
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            state.set(name, readArray(in, state.length(), file));
        }
    }
}

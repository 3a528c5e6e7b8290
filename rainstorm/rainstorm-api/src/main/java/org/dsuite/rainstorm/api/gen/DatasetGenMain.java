package org.dsuite.rainstorm.api.gen;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.dsuite.rainstorm.api.job.Dataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/rainstorm-gen DATASET --rows N --seed S --out FILE}: writes a generated dataset. The
 * file appears only when complete (written to a temporary sibling, then renamed), so a crash never
 * leaves a truncated file that looks done. Exit codes: 0 written, 2 bad arguments or I/O error.
 */
@Command(
    name = "rainstorm-gen",
    mixinStandardHelpOptions = true,
    description = "Generates a benchmark dataset (CSV with a header line) deterministically.")
public final class DatasetGenMain implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "DATASET",
      description = "traffic-signs or web-access",
      converter = DatasetConverter.class)
  Dataset dataset;

  @Option(names = "--rows", required = true, description = "data rows after the header")
  long rows;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", required = true, description = "output file, or - for stdout")
  String out;

  @Option(names = "--force", description = "replace an existing output file")
  boolean force;

  @Option(names = "--quiet", description = "no progress on stderr")
  boolean quiet;

  @Option(
      names = "--progress-every",
      defaultValue = "1000000",
      description = "rows between progress lines (default ${DEFAULT-VALUE})")
  long progressEvery;

  static final class DatasetConverter implements CommandLine.ITypeConverter<Dataset> {
    @Override
    public Dataset convert(String value) {
      try {
        return Dataset.byId(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command; returns the exit code. */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new DatasetGenMain());
    cl.setExitCodeExceptionMapper(e -> 2);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          ex.getCommandLine().getErr().println("rainstorm-gen: " + ex.getMessage());
          ex.getCommandLine().usage(ex.getCommandLine().getErr());
          return 2;
        });
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    PrintWriter err = new PrintWriter(System.err, true);
    if (rows < 0 || progressEvery < 1) {
      err.println("rainstorm-gen: --rows must be >= 0 and --progress-every >= 1");
      return 2;
    }
    DatasetWriter writer = new DatasetWriter(dataset, seed);
    long startNs = System.nanoTime();
    try {
      if (out.equals("-")) {
        OutputStream stdout = new BufferedOutputStream(System.out, 1 << 16);
        writer.write(stdout, rows, quiet ? null : System.err, progressEvery);
        return 0;
      }
      Path target = Path.of(out);
      if (Files.exists(target) && !force) {
        err.println("rainstorm-gen: " + target + " exists; use --force to replace it");
        return 2;
      }
      writeAtomically(writer, target);
      long bytes = Files.size(target);
      double s = (System.nanoTime() - startNs) / 1e9;
      System.out.printf(
          "wrote %,d %s rows (%,d bytes) to %s in %.2f s (%,.0f rows/s)%n",
          rows, dataset.id(), bytes, target, s, rows / Math.max(s, 1e-9));
      return 0;
    } catch (IOException e) {
      err.println("rainstorm-gen: cannot write " + out + ": " + e);
      return 2;
    }
  }

  private void writeAtomically(DatasetWriter writer, Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      try (OutputStream os = Files.newOutputStream(tmp)) {
        writer.write(os, rows, quiet ? null : System.err, progressEvery);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}

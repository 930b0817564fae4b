package dev.tfjrunner.data;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads Kaggle-style CSV files: a header {@code label,pixel0,...,pixel783} (or the Fashion-MNIST
 * variant {@code label,pixel1,...,pixel784}) then one image per line, label first, then the
 * pixels row by row as integers 0..255.
 */
public final class CsvReader {

  private CsvReader() {}

  /** Reads square grayscale images of {@code side x side} pixels, labels 0..9. */
  public static LabeledImages read(Path file, int side) throws IOException {
    return read(file, side, side, 1, Integer.MAX_VALUE, IdxReader.DIGITS);
  }

  /**
   * Reads images of {@code height x width x channels} values per line (row by row, channels
   * interleaved), only the first {@code limit} (the lines after them are not read), labels
   * 0..{@code classes - 1}.
   */
  public static LabeledImages read(Path file, int height, int width, int channels, int limit, int classes)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidDataException(file, "no such file");
    }
    int pixelsPerImage = height * width * channels;
    int columns = pixelsPerImage + 1;
    // Cells are bytes once validated, so two byte streams hold the whole file compactly.
    ByteArrayOutputStream pixelBytes = new ByteArrayOutputStream(pixelsPerImage * 1024);
    ByteArrayOutputStream labelBytes = new ByteArrayOutputStream(1024);
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      checkHeader(file, reader.readLine(), columns);
      String line;
      int lineNumber = 1;
      int[] row = new int[columns];
      while (labelBytes.size() < limit && (line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        parseRow(file, lineNumber, line, row);
        if (row[0] >= classes) {
          throw new InvalidDataException(
              file, "line " + lineNumber + ": label " + row[0] + " is outside 0.." + (classes - 1));
        }
        labelBytes.write(row[0]);
        for (int c = 1; c < columns; c++) {
          if (row[c] > 255) {
            throw new InvalidDataException(
                file, "line " + lineNumber + ", column " + (c + 1) + ": pixel " + row[c] + " is outside 0..255");
          }
          pixelBytes.write(row[c]);
        }
      }
    } catch (InvalidDataException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidDataException(file, "unreadable (" + e.getMessage() + ")");
    }
    if (labelBytes.size() == 0) {
      throw new InvalidDataException(file, "no images after the header");
    }
    byte[] rawLabels = labelBytes.toByteArray();
    int[] labels = new int[rawLabels.length];
    for (int i = 0; i < rawLabels.length; i++) {
      labels[i] = rawLabels[i] & 0xff;
    }
    return new LabeledImages(pixelBytes.toByteArray(), labels, height, width, channels);
  }

  private static void checkHeader(Path file, String header, int columns) throws InvalidDataException {
    if (header == null) {
      throw new InvalidDataException(file, "empty file (a header label,pixel0,... is required)");
    }
    String[] names = header.strip().split(",", -1);
    if (!names[0].strip().equalsIgnoreCase("label")) {
      throw new InvalidDataException(
          file, "line 1: header must start with 'label' (found '" + names[0] + "'); files without labels are not supported");
    }
    if (names.length != columns) {
      throw new InvalidDataException(
          file, "line 1: header has " + names.length + " columns, expected " + columns + " (label + " + (columns - 1) + " pixels)");
    }
  }

  /** Parses non-negative integers separated by commas into {@code row}; no per-cell allocation. */
  private static void parseRow(Path file, int lineNumber, String line, int[] row) throws InvalidDataException {
    int column = 0;
    int value = 0;
    int digits = 0;
    int length = line.length();
    for (int i = 0; i <= length; i++) {
      char ch = i < length ? line.charAt(i) : ',';
      if (ch == ',') {
        if (digits == 0) {
          throw badCell(file, lineNumber, column, line);
        }
        if (column >= row.length) {
          throw wrongColumnCount(file, lineNumber, line, row.length);
        }
        row[column++] = value;
        value = 0;
        digits = 0;
      } else if (ch >= '0' && ch <= '9' && digits < 9) {
        value = value * 10 + (ch - '0');
        digits++;
      } else if (ch == '\r' && i == length - 1 || ch == ' ' && digits == 0) {
        continue; // CRLF line ends, spaces before a value
      } else {
        throw badCell(file, lineNumber, column, line);
      }
    }
    if (column != row.length) {
      throw wrongColumnCount(file, lineNumber, line, row.length);
    }
  }

  private static InvalidDataException badCell(Path file, int lineNumber, int column, String line) {
    String[] cells = line.split(",", -1);
    String cell = column < cells.length ? cells[column] : "";
    return new InvalidDataException(
        file, "line " + lineNumber + ", column " + (column + 1) + ": '" + cell.strip() + "' is not a non-negative integer");
  }

  private static InvalidDataException wrongColumnCount(Path file, int lineNumber, String line, int expected) {
    int found = line.split(",", -1).length;
    return new InvalidDataException(
        file, "line " + lineNumber + ": " + found + " columns, expected " + expected);
  }
}

package dev.tfjrunner.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

  @TempDir
  Path dir;

  private static String header(int first) {
    return "label," + IntStream.range(first, first + 784).mapToObj(i -> "pixel" + i).collect(Collectors.joining(","));
  }

  private static String row(int label, int pixel) {
    return label + "," + IntStream.range(0, 784).mapToObj(i -> Integer.toString(i == 0 ? pixel : 0))
        .collect(Collectors.joining(","));
  }

  private Path csv(String... lines) throws IOException {
    return Files.writeString(dir.resolve("data.csv"), String.join("\n", lines) + "\n");
  }

  @Test
  void readsKaggleDigitCsv() throws IOException {
    LabeledImages images = CsvReader.read(csv(header(0), row(7, 255), row(3, 51)), 28);
    assertEquals(2, images.count());
    assertArrayEquals(new int[] {7, 3}, images.labels());
    assertEquals(1f, images.pixels()[0]);
    assertEquals(0.2f, images.pixels()[784], 1e-7f);
  }

  @Test
  void readsFashionVariantWithPixel1Header() throws IOException {
    assertEquals(1, CsvReader.read(csv(header(1), row(9, 0)), 28).count());
  }

  @Test
  void acceptsWindowsLineEnds() throws IOException {
    Path file = Files.writeString(dir.resolve("crlf.csv"), header(0) + "\r\n" + row(2, 9) + "\r\n");
    assertArrayEquals(new int[] {2}, CsvReader.read(file, 28).labels());
  }

  @Test
  void headerIsRequired() throws IOException {
    Path file = csv(row(1, 0));
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> CsvReader.read(file, 28));
    assertEquals(file + ": line 1: header must start with 'label' (found '1'); files without labels are not supported",
        e.getMessage());
  }

  @Test
  void wrongColumnCountNamesTheLine() throws IOException {
    Path file = csv(header(0), row(1, 0), "4,0,0,0");
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> CsvReader.read(file, 28));
    assertEquals(file + ": line 3: 4 columns, expected 785", e.getMessage());
  }

  @Test
  void tooManyColumnsNamesTheLine() throws IOException {
    Path file = csv(header(0), row(1, 0) + ",0");
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> CsvReader.read(file, 28));
    assertEquals(file + ": line 2: 786 columns, expected 785", e.getMessage());
  }

  @Test
  void nonNumericCellNamesLineAndColumn() throws IOException {
    Path file = csv(header(0), row(1, 0).replaceFirst(",0,", ",x7,"));
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> CsvReader.read(file, 28));
    assertEquals(file + ": line 2, column 2: 'x7' is not a non-negative integer", e.getMessage());
  }

  @Test
  void labelOutsideZeroToNineIsRejected() throws IOException {
    Path file = csv(header(0), row(10, 0));
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> CsvReader.read(file, 28));
    assertEquals(file + ": line 2: label 10 is outside 0..9", e.getMessage());
  }

  @Test
  void pixelAbove255IsRejected() throws IOException {
    Path file = csv(header(0), row(1, 256));
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> CsvReader.read(file, 28));
    assertEquals(file + ": line 2, column 2: pixel 256 is outside 0..255", e.getMessage());
  }

  @Test
  void emptyFileIsRejected() throws IOException {
    Path file = Files.writeString(dir.resolve("empty.csv"), "");
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> CsvReader.read(file, 28));
    assertEquals(file + ": empty file (a header label,pixel0,... is required)", e.getMessage());
  }

  @Test
  void headerWithoutRowsIsRejected() throws IOException {
    Path file = csv(header(0));
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> CsvReader.read(file, 28));
    assertEquals(file + ": no images after the header", e.getMessage());
  }

  @Test
  void otherShapesAndClassCountsWithTheirOwnHeader() throws IOException {
    Path file = csv("label,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9,p10,p11", "25,0,1,2,3,4,5,6,7,8,9,10,255");
    LabeledImages images = CsvReader.read(file, 2, 2, 3, Integer.MAX_VALUE, 26);
    assertEquals(3, images.channels());
    assertEquals(25, images.labels()[0]);
    assertEquals(1f, images.pixels()[11]);
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> CsvReader.read(file, 2, 2, 3, Integer.MAX_VALUE, 20));
    assertEquals(file + ": line 2: label 25 is outside 0..19", e.getMessage());
  }
}

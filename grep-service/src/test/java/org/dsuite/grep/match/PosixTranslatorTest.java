package org.dsuite.grep.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Refusals and the required-literal analysis that the GNU comparison cannot see directly. */
class PosixTranslatorTest {
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiterString = " ; ",
      value = {
        "BASIC ; \\d ; unsupported escape",
        "BASIC ; a\\{1\\}\\{ ; Unmatched",
        "BASIC ; \\{1\\}x ; at start",
        "BASIC ; \\+a ; at start",
        "BASIC ; [[.ab.]] ; collating",
        "BASIC ; [[=ab=]] ; equivalence",
        "BASIC ; \\1 ; back reference",
        "BASIC ; \\(a\\1\\) ; back reference",
        "BASIC ; x\\<* ; nothing to repeat",
        "EXTENDED ; *a ; nothing to repeat",
        "EXTENDED ; a|*b ; nothing to repeat",
        "EXTENDED ; (*a) ; nothing to repeat",
        "EXTENDED ; ^*a ; nothing to repeat",
        "EXTENDED ; a) ; Unmatched",
        "EXTENDED ; (a ; Unmatched",
        "EXTENDED ; a{1,99999} ; too big",
        "EXTENDED ; a\\ ; Trailing backslash",
        "EXTENDED ; [a ; Unmatched [",
        "EXTENDED ; [z-a] ; Invalid range end"
      })
  void refuses(PatternSyntax syntax, String pattern, String message) {
    assertThatThrownBy(() -> PosixTranslator.translate(pattern, syntax, 0))
        .isInstanceOf(PatternException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiterString = " ; ",
      value = {
        // Equal lengths: the run of rarer bytes wins (ffff is in few lines, req= in most).
        "BASIC ; req=[0-9a-f]*ffff ; ffff ; false",
        "BASIC ; OutOfMemoryError ; OutOfMemoryError ; true",
        "BASIC ; abc*d ; ab ; false",
        "BASIC ; ^GET ; GET ; false",
        "BASIC ; a\\|b ; '' ; false",
        "BASIC ; a.b ; b ; false",
        "EXTENDED ; took=[0-9]{3}ms ; took= ; false",
        "EXTENDED ; (GET|PUT) /api ; ' /api' ; false",
        "FIXED ; a.b* ; a.b* ; true"
      })
  void requiredLiteral(PatternSyntax syntax, String pattern, String literal, boolean pure) {
    Translation t = PosixTranslator.translate(pattern, syntax, 0);
    assertThat(t.requiredLiteral()).isEqualTo(literal == null ? "" : literal);
    assertThat(t.pureLiteral()).isEqualTo(pure);
  }
}

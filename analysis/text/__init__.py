"""Text primitives: tokens, sentences and quotation spans (no package imports but these)."""

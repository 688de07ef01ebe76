var k="sk_live_cGN1kKZaxyJ1E1TFCRsx0iCQ";

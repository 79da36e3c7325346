/* SPDX-License-Identifier: MIT */
/* Built by check_yaml_extension.sh against a header generated from a copy of
 * lsgpu_packets.yaml with one new ZFMT value and one new DRAW_STATE field: the packer,
 * decoder, printer and field table know both without any other edit. */
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "lsgpu_packets.h"

static int failures = 0;
#define CHECK(c)                                                                                   \
   do {                                                                                            \
      if (!(c)) {                                                                                  \
         fprintf(stderr, "yaml extension: %s failed\n", #c);                                      \
         failures++;                                                                               \
      }                                                                                            \
   } while (0)

int
main()
{
   lsgpu_draw_state st = {};
   st.vs_code_size = st.fs_code_size = 4;
   st.num_vs_outputs = st.width = st.height = 1;
   st.test_new_field = LSGPU_ZFMT_TEST_NEW;
   uint32_t dw[LSGPU_DRAW_STATE_LENGTH];
   lsgpu_pack_draw_state(dw, &st);
   lsgpu_draw_state back;
   CHECK(lsgpu_decode_draw_state(dw, &back) == LSGPU_FAULT_NONE);
   CHECK(back.test_new_field == LSGPU_ZFMT_TEST_NEW);

   char *text = NULL;
   size_t size = 0;
   FILE *fp = open_memstream(&text, &size);
   lsgpu_print_draw_state(fp, &back, "");
   fclose(fp);
   CHECK(strstr(text, "test_new_field: TEST_NEW") != NULL);
   free(text);

   unsigned n;
   const lsgpu_field_info *f = lsgpu_draw_state_fields(&n);
   const lsgpu_field_info *field = lsgpu_field_find(f, n, "test_new_field");
   CHECK(field && field->num_values == 7); /* the fuzzer's mutator picks from these */
   if (!field)
      return 1;

   /* The value after the new one is not in the table: rejected without a hand edit. */
   lsgpu_field_set(dw, field, 0, LSGPU_ZFMT_TEST_NEW + 1);
   CHECK(lsgpu_decode_draw_state(dw, &back) == LSGPU_FAULT_BAD_ARGUMENT);
   /* zs_format accepts the new value too. */
   st.zs_format = LSGPU_ZFMT_TEST_NEW;
   CHECK(lsgpu_validate_draw_state(&st) == LSGPU_FAULT_NONE);
   printf("yaml extension: new enum value and field packed, decoded, printed, fuzzed: %s\n",
          failures ? "FAIL" : "ok");
   return failures ? 1 : 0;
}

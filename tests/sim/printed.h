/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_TEST_PRINTED_H
#define LSGPU_TEST_PRINTED_H

#include <cstdio>
#include <cstdlib>
#include <string>

/* What print(FILE *) writes, as a string: for the generated printers and fault reports,
 * which write to a FILE. */
template <typename Print>
std::string
printed(Print &&print)
{
   char *text = nullptr;
   size_t size = 0;
   FILE *fp = open_memstream(&text, &size);
   print(fp);
   fclose(fp);
   std::string s(text ? text : "", size);
   free(text);
   return s;
}

#endif

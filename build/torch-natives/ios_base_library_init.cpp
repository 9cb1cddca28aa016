// GCC 13's libstdc++ (GLIBCXX_3.4.32) starts iostreams through std::ios_base_library_init(), which
// TorchSharp 0.107's libLibTorchSharp.so references; Debian 12's libstdc++ stops at 3.4.30 and
// starts them with a static std::ios_base::Init instead. This library gives the older systems that
// one function, doing what it does in GCC 13: make sure the standard streams exist.
#include <ios>

namespace std {
void ios_base_library_init() { static ios_base::Init init; }
}

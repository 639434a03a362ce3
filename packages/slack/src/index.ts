/** Placeholder until the package's first module lands (see the package's issue). */
export {};

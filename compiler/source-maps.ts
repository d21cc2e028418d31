/** Source maps live in common/ (the simulator uses them too); this path stays for existing importers. */
export * from "../common/source-maps.js";

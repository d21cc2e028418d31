/**
 * `vmx`: extra Lua virtual machines in the same firmware
 * (`luat/modules/luat_lib_vmx.c`). `create` is declared here from the C code;
 * the other members are inferred by the generator.
 */
declare namespace vmx {
    /**
     * Create another Lua virtual machine in a 32 KB block of this one's heap,
     * with the firmware's libraries opened in it. Takes no argument.
     * Source: `luat_lib_vmx.c:79`.
     * @returns the new machine's id, for `vmx.exec(id, code, ...)`; nothing
     *   when every slot is used or the memory cannot be had.
     */
    function create(this: void): number | undefined;
}

-- checks: crypto.cipher_encrypt/cipher_decrypt with AES-128/192/256 in ECB, CBC and CTR and every padding name (PKCS7, ZERO, ZEROS, ONE_AND_ZEROS, ZEROS_AND_LEN, NONE, an unknown one) on empty, short, one-block and longer data: the ciphertext, the round trip, and what mbedTLS refuses (partial blocks without padding)
-- for: 10000
local keys = {["128"] = "1234567890123456", ["192"] = "123456789012345678901234", ["256"] = "12345678901234567890123456789012"}
local iv = "1234567890666666"
for _, bits in ipairs({"128", "192", "256"}) do
  for _, mode in ipairs({"ECB", "CBC", "CTR"}) do
    local c = "AES-" .. bits .. "-" .. mode
    for _, pad in ipairs({"PKCS7", "ZERO", "ZEROS", "ONE_AND_ZEROS", "ZEROS_AND_LEN", "NONE", "pkcs7"}) do
      for _, d in ipairs({"", "abc", "1234567890123456", "12345678901234567890", "\0\0\0\128\0"}) do
        local e = crypto.cipher_encrypt(c, pad, d, keys[bits], iv)
        local r = table.pack(crypto.cipher_decrypt(c, pad, e or "", keys[bits], iv))
        log.info("c", c, pad, #d, e and e:toHex() or tostring(e), r.n, r[1] and r[1]:toHex() or tostring(r[1]))
      end
    end
  end
end
os.exit(0)

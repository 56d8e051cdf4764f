/// Ten fixed P-256 keys for the consensus simulator, so a seed reproduces a run exactly (validator key ids and
/// their order never change). TEST KEYS ONLY: published in the source, never to be used on a real chain.
enum SimulationKeys {
    static let privateKeyPEMs: [String] = [
        """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0qYZyhmUPB7PyM2l
        4V/ADETeJm6XGaT9uv1Vya+Mny6hRANCAASDs94sa1qOGm+QekIDva2+SJizdKq0
        ZTMtuXmL3UEJ0K/0AJZMnwuz4M5yUAjuK1+YR+lBZrw84nvBbPhFhlSR
        -----END PRIVATE KEY-----
        """,
        """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgWCidKM98WK+WhPYy
        Qpykh7nujDMvTXC2l/bL/yh/16GhRANCAAQ0X+2Hga8DemOphiQJkoH0ENiyVpFP
        4jEtj7nll/9UpNIFvNmpPEVNk5yGGsL5aftX7Hbgv0wi10aSQUqXYE1u
        -----END PRIVATE KEY-----
        """,
        """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgYvOjeJ6Qc7+ZA0Z5
        Fs9RU1RLyAk3x75c1/A8rzL2UMWhRANCAAQmn2WfeeFRQZfpIrme+DUZunayZpAO
        WUauODqbl+R5+ArSSC2kl+eE6B5LcolqfGkY78RCxEe4ojnGtxUEeG49
        -----END PRIVATE KEY-----
        """,
        """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgyNi9gmETxBZCN+Aw
        g+rlMnrcH5qQ3XDNunMx7M4u4nGhRANCAARP54zx9Aa1zymuHCqVTZqTX0+1fgHt
        gHos8n+JH81Zza2r00INB3HngG3OojcAxpBwqH+zIFIwRD0xNMJPX2Q3
        -----END PRIVATE KEY-----
        """,
        """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgXuGpc55EDC8/CICs
        TJc/+3FSejPsBCnZt8ESAFzZhTehRANCAAT0UZzNasxb96jp93FbRj8QDEOV9DHH
        itk5uMr5yOHXCKUl4YoRpVXXDmSu/5pioEegD6vxIZLV72E6bwlqdzMy
        -----END PRIVATE KEY-----
        """,
        """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg4ilGQgk+eS6Jq8p3
        1DvaKbH9YRxBfOw7ih4bwei7H6ShRANCAATrxlxPgQgiPgUmjfdfuWo20YRme1ky
        xr+BGbSmqLCkB4xrRjyE1gkSkzFqWtaUnGKIWzRWS8M82ndM7M4rGMai
        -----END PRIVATE KEY-----
        """,
        """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQghA4U30vMr+Raf3dJ
        f7sgSjhEoe8H0XMsahspFTZOGoKhRANCAAT6DE/7d8eLHRLGOLy8OmyHqP0Mb5iZ
        oGt1uukBST6IrDrSb1980/anvbrleqk0vvoqRtcn8jy00t0iV0Jyh0R2
        -----END PRIVATE KEY-----
        """,
        """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPNcUQlOrzZk4OZfR
        w9USfyL0MzcwoSneMcKKF1/xtSGhRANCAASdlvCYVZgBTfZBWkB7Hyf69mnj6DPe
        zQt1WvK5gRlzTpzFllLut/70wCRXSswr+ObcTJhXf8v65IZg0LzuMiGV
        -----END PRIVATE KEY-----
        """,
        """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQguTVbiYbE9eZg3PPq
        wKhoYuzIFcGzX+kuYXt9/Ag1O2GhRANCAAQ3LYYgURVzqNUeV9ucRM3M+OhBQDBn
        QjO5STps7gUP/jwxirYWS6vFQ+hB4rEl97a30310wIwnAlnK5hMENwui
        -----END PRIVATE KEY-----
        """,
        """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgHOaFbjFarzl6ePaV
        Zx7e5W3mltdxDDFt+bXFv9iDGimhRANCAASB9hIsgjhbUl2vlMCcF9mKkshO1a3c
        cfo6GgNjGIGr1Sm/h/SyqqaNBc2VlUno+/kW5cWkmkYV9iuCvp1zY4k3
        -----END PRIVATE KEY-----
        """,
    ]
}

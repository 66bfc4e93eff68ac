# PortLoad's image, for `portload k8s` (docs/kubernetes.md): the SDK builds, the ASP.NET runtime runs (the
# embedded HTTP server and the dashboards are Kestrel). Nothing is fetched at build time beyond the package
# registries: NuGet for the restore, Debian's for the tools below.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props BannedSymbols.txt PortLoad.sln ./
COPY src/ src/
RUN dotnet publish src/PortLoad.Cli -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# iproute2 and util-linux: isolated namespaces where the pod may make them; fonts-liberation: the charts' and PDF's font.
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends iproute2 util-linux fonts-liberation \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
COPY appsettings.json ./
COPY scenarios/ scenarios/
ENTRYPOINT ["dotnet", "/app/portload.dll"]
